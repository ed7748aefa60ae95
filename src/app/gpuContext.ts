// The stage's canvas and WebGL context, made first thing on the page at the stage's size: the
// GPU process (or SwiftShader) allocates the drawing buffer (0.1 to 0.3 s in SwiftShader) while
// the rest of the page downloads, instead of when Pixi starts.

export interface EarlyContext {
  canvas: HTMLCanvasElement;
  context: WebGL2RenderingContext | null;
  /** The context is drawn by a software rasterizer (SwiftShader, llvmpipe), not a GPU. */
  software: boolean;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** What draws this context's pixels, as the browser names it ("ANGLE (Google, Vulkan 1.3.0
 * (SwiftShader Device …))", "ANGLE (NVIDIA, …)"). */
export function rendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
}

export function isSoftwareRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext): boolean {
  return SOFTWARE_RENDERERS.test(rendererName(gl));
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

/**
 * A software rasterizer pays for every pixel on the CPU: multisampling (antialias) made each
 * frame of the standard scene about twice as slow in SwiftShader, and its drawing buffer took
 * 140 ms more to make. So the stage's context is made without multisampling and asked what
 * draws it; on a GPU, where contexts are cheap, it is made again with multisampling. (A 1×1
 * probe context asked first cost SwiftShader 30 to 45 ms of the first frame.)
 */
export function startContext(parent: HTMLElement): EarlyContext {
  const plain = makeContext(parent, false);
  const software = plain.context ? isSoftwareRenderer(plain.context) : false;
  if (software || !plain.context) return { ...plain, software };
  plain.context.getExtension('WEBGL_lose_context')?.loseContext();
  return { ...makeContext(parent, true), software };
}

function makeContext(
  parent: HTMLElement,
  onGpu: boolean,
): { canvas: HTMLCanvasElement; context: WebGL2RenderingContext | null } {
  const canvas = document.createElement('canvas');
  const { width, height, resolution } = stageSize(parent);
  canvas.width = Math.round(width * resolution);
  canvas.height = Math.round(height * resolution);
  // What Pixi asks for itself (GlContextSystem) with an opaque background.
  const context = canvas.getContext('webgl2', {
    alpha: false,
    premultipliedAlpha: true,
    antialias: onGpu,
    stencil: true,
    preserveDrawingBuffer: false,
    powerPreference: 'default',
  });
  return { canvas, context };
}
