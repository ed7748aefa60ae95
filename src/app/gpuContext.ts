// The stage's canvas and WebGL context, made first thing on the page at the stage's size: the
// GPU process (or SwiftShader) allocates the drawing buffer (0.1 to 0.3 s in SwiftShader) while
// the rest of the page downloads, instead of when Pixi starts.

export interface EarlyContext {
  canvas: HTMLCanvasElement;
  context: WebGL2RenderingContext | null;
}

/** The stage's size in CSS pixels and its resolution, as Stage.init sets them. */
export function stageSize(parent: HTMLElement): {
  width: number;
  height: number;
  resolution: number;
} {
  return {
    width: Math.max(100, parent.clientWidth),
    height: Math.max(100, parent.clientHeight),
    resolution: Math.min(2, window.devicePixelRatio || 1),
  };
}

export function startContext(parent: HTMLElement): EarlyContext {
  const canvas = document.createElement('canvas');
  const { width, height, resolution } = stageSize(parent);
  canvas.width = Math.round(width * resolution);
  canvas.height = Math.round(height * resolution);
  // What Pixi asks for itself (GlContextSystem) with an opaque background and antialias on.
  const context = canvas.getContext('webgl2', {
    alpha: false,
    premultipliedAlpha: true,
    antialias: true,
    stencil: true,
    preserveDrawingBuffer: false,
    powerPreference: 'default',
  });
  return { canvas, context };
}
