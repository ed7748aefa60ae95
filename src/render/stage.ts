// The one Pixi application behind both panes: one WebGL context, one canvas, one render per
// frame. Two contexts cost twice the start-up (shader compilation) on a software renderer.
//
// A child's Graphics mask (a pane's clip) is applied as a scissor rectangle, the mask's bounds,
// not as a stencil mask: on SwiftShader (no GPU) the stencil mask about doubled the GPU time of
// the first frame (0.45 to 0.8 s against 0.15 to 0.25 s) and added 20 to 100 ms to every frame;
// a scissor rectangle costs nothing.

import type { Bounds, Container, InstructionSet, Point } from 'pixi.js';
import {
  Application,
  CanvasTextMetrics,
  ExtensionType,
  GlLimitsSystem,
  Graphics,
  Texture,
  WebGLRenderer,
  addMaskBounds,
  addMaskLocalBounds,
  extensions,
} from 'pixi.js';
// Pixi loads these on demand when it starts; imported here they come with the page's first
// chunk instead of two round trips later.
import 'pixi.js/browser';
import type { EarlyContext } from '../app/gpuContext';
import { isSoftwareRenderer, rendererName, stageSize, startContext } from '../app/gpuContext';

/** Masks that clip by their bounding rectangle. */
const rectMasks = new WeakSet<Container>();

/** The mask effect for those masks (the same duties as Pixi's StencilMask, drawn by a scissor). */
class RectClip {
  static extension = { type: ExtensionType.MaskEffect, name: 'rectClip', priority: 100 };
  static test(mask: unknown): boolean {
    return mask instanceof Graphics && rectMasks.has(mask);
  }
  priority = 0;
  pipe = 'rectClip';
  mask: Container | null = null;
  init(mask: Container): void {
    this.mask = mask;
    mask.includeInBuild = false;
    mask.measurable = false;
  }
  reset(): void {
    if (!this.mask) return;
    this.mask.measurable = true;
    this.mask.includeInBuild = true;
    this.mask = null;
  }
  addBounds(bounds: Bounds, skipUpdateTransform?: boolean): void {
    addMaskBounds(this.mask!, bounds, skipUpdateTransform ?? false);
  }
  addLocalBounds(bounds: Bounds, localRoot: Container): void {
    addMaskLocalBounds(this.mask!, bounds, localRoot);
  }
  containsPoint(point: Point, hitTest: (container: Container, point: Point) => boolean): boolean {
    return hitTest(this.mask!, point);
  }
  destroy(): void {
    this.reset();
  }
}

interface ClipInstruction {
  renderPipeId: 'rectClip';
  action: 'push' | 'pop';
  effect: RectClip;
  canBundle: false;
}

/**
 * The mask's rectangle on the stage: its drawing's bounds through its world transform. (Not
 * getBounds(): a mask is not measurable, so that would be empty.)
 */
function worldRect(mask: Container): { minX: number; minY: number; maxX: number; maxY: number } {
  const local = mask instanceof Graphics ? mask.bounds : mask.getLocalBounds();
  const m = mask.worldTransform;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [local.minX, local.minY],
    [local.maxX, local.minY],
    [local.minX, local.maxY],
    [local.maxX, local.maxY],
  ] as const) {
    xs.push(m.a * x + m.c * y + m.tx);
    ys.push(m.b * x + m.d * y + m.ty);
  }
  return {
    minX: Math.min(...xs),
    minY: Math.min(...ys),
    maxX: Math.max(...xs),
    maxY: Math.max(...ys),
  };
}

/** Sets the scissor rectangle (in drawing-buffer pixels) while a clipped container draws. */
class RectClipPipe {
  static extension = { type: [ExtensionType.WebGLPipes], name: 'rectClip' };
  /** Nested clips intersect: [x0, y0, x1, y1] per level. */
  private readonly stack: [number, number, number, number][] = [];
  constructor(private readonly renderer: WebGLRenderer) {
    // A clipped container may hold one cached as a texture (the summary form's cells), drawn
    // into its texture between this clip's push and pop: that texture is neither clipped nor
    // partly cleared. The scissor is off while a target is bound and on again only for the
    // canvas.
    const targets = renderer.renderTarget;
    const bind = targets.bind.bind(targets);
    targets.bind = ((...args: Parameters<typeof bind>) => {
      this.renderer.gl.disable(WebGL2RenderingContext.SCISSOR_TEST);
      const target = bind(...args);
      this.apply();
      return target;
    }) as typeof targets.bind;
  }

  push(effect: RectClip, _container: Container, set: InstructionSet): void {
    this.add('push', effect, set);
  }

  pop(effect: RectClip, _container: Container, set: InstructionSet): void {
    this.add('pop', effect, set);
  }

  private add(action: ClipInstruction['action'], effect: RectClip, set: InstructionSet): void {
    this.renderer.renderPipes.batch.break(set);
    const instruction: ClipInstruction = {
      renderPipeId: 'rectClip',
      action,
      effect,
      canBundle: false,
    };
    set.add(instruction as unknown as Parameters<InstructionSet['add']>[0]);
  }

  execute(instruction: ClipInstruction): void {
    const target = this.renderer.renderTarget.renderTarget;
    if (instruction.action === 'pop') {
      this.stack.pop();
    } else {
      const b = worldRect(instruction.effect.mask!);
      const res = target.resolution;
      const h = target.pixelHeight;
      // The canvas's drawing buffer has its origin at the bottom left.
      let x0 = Math.floor(b.minX * res);
      let x1 = Math.ceil(b.maxX * res);
      let y0 = h - Math.ceil(b.maxY * res);
      let y1 = h - Math.floor(b.minY * res);
      const outer = this.stack[this.stack.length - 1];
      if (outer) {
        x0 = Math.max(x0, outer[0]);
        y0 = Math.max(y0, outer[1]);
        x1 = Math.min(x1, outer[2]);
        y1 = Math.min(y1, outer[3]);
      }
      this.stack.push([x0, y0, Math.max(x0, x1), Math.max(y0, y1)]);
    }
    this.apply();
  }

  /** The scissor for the innermost clip, when drawing to the canvas (only the canvas is clipped). */
  private apply(): void {
    const gl = this.renderer.gl;
    const top = this.stack[this.stack.length - 1];
    if (!top || !this.renderer.renderTarget.renderTarget?.isRoot) {
      gl.disable(gl.SCISSOR_TEST);
      return;
    }
    gl.enable(gl.SCISSOR_TEST);
    gl.scissor(top[0], top[1], top[2] - top[0], top[3] - top[1]);
  }

  destroy(): void {
    this.stack.length = 0;
  }
}

/** Clip `container` to the bounding rectangle of `mask`'s drawing (a scissor, no stencil). */
export function clipToRect(container: Container, mask: Graphics): void {
  rectMasks.add(mask);
  // Pixi picks the mask effect when the mask is set: set it (again) to get the rectangle clip.
  container.mask = null;
  container.mask = mask;
}

// Before any renderer exists and any mask is set: Pixi picks mask effects and pipes from these.
extensions.add(RectClip as never, RectClipPipe as never);

/**
 * Pixi's batch shader picks each pixel's texture with a chain of `if`s, one per texture a batch
 * may hold (16 here). A GPU runs only the branch taken; SwiftShader paid for the chain on every
 * pixel, and with 16 textures the standard scene's frame took twice as long to rasterize as with
 * 2. On a software renderer a batch holds at most 2 textures (the white one under every fill and
 * one text), at the price of a few more draw calls (11 → 22 in the standard scene).
 */
const SOFTWARE_BATCH_TEXTURES = 2;

class BatchLimits extends GlLimitsSystem {
  static override extension = { type: [ExtensionType.WebGLSystem], name: 'limits' } as never;
  constructor(private readonly glRenderer: WebGLRenderer) {
    super(glRenderer);
  }
  override contextChange(): void {
    super.contextChange();
    if (isSoftwareRenderer(this.glRenderer.gl))
      this.maxBatchableTextures = Math.min(this.maxBatchableTextures, SOFTWARE_BATCH_TEXTURES);
  }
}
extensions.remove(GlLimitsSystem);
extensions.add(BatchLimits);

// Without this, Pixi counts a string's grapheme clusters with Intl.Segmenter on every text
// measurement, to add letter spacing we never use (0 px): 100 ms of the first frame, profiled.
// With it, the canvas context spaces letters itself (Chromium and Firefox support it).
CanvasTextMetrics.experimentalLetterSpacing = true;

// Every fill samples the 1×1 white texture. Sampled "nearest" it gives the same white with one
// texel read instead of four; SwiftShader filled a screen a third faster so.
Texture.WHITE.source.scaleMode = 'nearest';

export class Stage {
  readonly app = new Application();
  private parent: HTMLElement | null = null;

  /** `early`: the canvas and context made before Pixi loaded, if they were. */
  async init(parent: HTMLElement, early: EarlyContext = startContext(parent)): Promise<string> {
    await this.app.init({
      ...(early.context ? { canvas: early.canvas, context: early.context } : {}),
      preference: 'webgl',
      // White panes on the page's off-white: host boxes need no fill of their own.
      background: 0xffffff,
      antialias: !early.software,
      autoStart: false,
      autoDensity: true,
      ...stageSize(parent),
    });
    this.app.canvas.classList.add('stage');
    this.parent = parent;
    return this.app.renderer.name;
  }

  /** What draws the pixels ("… SwiftShader …" without a GPU), for the bench's report. */
  device(): string {
    const gl = this.gl();
    return gl ? rendererName(gl) : this.app.renderer.name;
  }

  /** Add a pane's root; its Graphics mask, if it has one, clips it as a rectangle. */
  add(child: Container): void {
    if (child.mask instanceof Graphics) clipToRect(child, child.mask);
    this.app.stage.addChild(child);
  }

  resize(w: number, h: number): void {
    if (w !== this.app.renderer.width || h !== this.app.renderer.height)
      this.app.renderer.resize(w, h);
  }

  /**
   * Render a frame. The first one also puts the canvas on the page: before it, the compositor
   * would read back an empty canvas, and wait for SwiftShader to draw it.
   */
  render(): void {
    this.app.render();
    if (this.parent && !this.app.canvas.isConnected) this.parent.prepend(this.app.canvas);
  }

  /**
   * Wait until the frame's pixels exist: for measuring frame time. `gl.finish()` does not wait
   * for SwiftShader; reading a pixel does.
   */
  finish(): void {
    this.gl()?.readPixels(
      0,
      0,
      1,
      1,
      WebGL2RenderingContext.RGBA,
      WebGL2RenderingContext.UNSIGNED_BYTE,
      new Uint8Array(4),
    );
  }

  private gl(): WebGLRenderingContext | WebGL2RenderingContext | null {
    const renderer = this.app.renderer;
    return renderer instanceof WebGLRenderer ? renderer.gl : null;
  }
}
