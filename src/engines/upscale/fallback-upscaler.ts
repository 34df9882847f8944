// The Real-ESRGAN upscaler behind the same provider fall-back as RIFE (engines/fallback.ts): in
// `--device auto` a provider that fails to start or fails on a frame gives way to the next one, which
// upscales that frame again; a provider the user named stops with one sentence.
import type { Frame } from '../../frames/index.js';
import type { Logger } from '../../util/index.js';
import { ProviderFallback, type FallbackEvent, type ProviderStarter } from '../fallback.js';
import type { EngineInfo } from '../interpolator.js';
import type { Upscaler } from '../upscaler.js';
import type { OnnxUpscaler } from './onnx-upscaler.js';

export class FallbackUpscaler implements Upscaler {
  readonly scale: number;
  readonly maxConcurrency: number;
  readonly #fallback: ProviderFallback<OnnxUpscaler>;

  private constructor(fallback: ProviderFallback<OnnxUpscaler>) {
    this.#fallback = fallback;
    this.scale = fallback.current.scale;
    this.maxConcurrency = fallback.current.maxConcurrency;
  }

  static async start(starters: ReadonlyArray<ProviderStarter<OnnxUpscaler>>, options: { explicit: boolean; logger: Logger; signal?: AbortSignal }): Promise<FallbackUpscaler> {
    return new FallbackUpscaler(await ProviderFallback.start(starters, { ...options, label: 'realesrgan-onnx' }));
  }

  get info(): EngineInfo {
    return this.#fallback.current.info;
  }

  /** Providers given up on, at start or mid-run. */
  get fallbacks(): readonly FallbackEvent[] {
    return this.#fallback.events;
  }

  upscale(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    return this.#fallback.run((engine) => engine.upscale(frame, signal), signal);
  }

  dispose(): Promise<void> {
    return this.#fallback.dispose();
  }
}
