// The one Pixi application behind both panes: one WebGL context, one canvas, one render per
// frame. Two contexts cost twice the start-up (shader compilation) on a software renderer.

import type { Container } from 'pixi.js';
import { Application } from 'pixi.js';

export class Stage {
  readonly app = new Application();

  async init(parent: HTMLElement): Promise<string> {
    await this.app.init({
      preference: 'webgl',
      background: 0xfafaf7,
      antialias: true,
      autoStart: false,
      resolution: Math.min(2, window.devicePixelRatio || 1),
      autoDensity: true,
      width: Math.max(100, parent.clientWidth),
      height: Math.max(100, parent.clientHeight),
    });
    this.app.canvas.classList.add('stage');
    parent.prepend(this.app.canvas);
    return this.app.renderer.name;
  }

  add(child: Container): void {
    this.app.stage.addChild(child);
  }

  resize(w: number, h: number): void {
    if (w !== this.app.renderer.width || h !== this.app.renderer.height)
      this.app.renderer.resize(w, h);
  }

  render(): void {
    this.app.render();
  }

  /** Wait until the GPU (or SwiftShader) has finished drawing: for measuring frame time. */
  finish(): void {
    const gl = (this.app.renderer as unknown as { gl?: WebGLRenderingContext }).gl;
    gl?.finish();
  }
}
