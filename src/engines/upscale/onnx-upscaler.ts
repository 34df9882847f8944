// The Real-ESRGAN-family upscaler on ONNX Runtime: frames become [1,3,h,w] float tensors in 0..1, run
// tile by tile (automatic tile size from the memory budget unless --tile is given), and come back as
// rgb24 exactly `scale` times larger. The networks need no size multiple, so nothing is padded.
import { availableParallelism } from 'node:os';
import type { Frame } from '../../frames/index.js';
import { fromPlanar, toPlanar } from '../onnx/planar.js';
import type { Logger } from '../../util/index.js';
import type { EngineInfo } from '../interpolator.js';
import type { Upscaler } from '../upscaler.js';
import type { UpscaleModelSpec } from './models.js';
import { autoTileSize, checkOutputSize, formatBytes } from './tile-size.js';
import { upscaleTiled } from './tiling.js';
import { OrtSession } from '../onnx/ort-session.js';
import type { ProviderInfo } from '../onnx/providers.js';

export interface OnnxUpscalerOptions {
  modelPath: string;
  spec: UpscaleModelSpec;
  scale: number;
  /** The ONNX Runtime provider (also the device named in logs and reports). */
  provider: ProviderInfo['name'];
  threads?: number;
  /** Core tile size; 0 or undefined = automatic from `memoryBudget`. */
  tile?: number;
  /** Bytes one tile's inference may use (used when `tile` is automatic). */
  memoryBudget: () => number;
  logger: Logger;
}

export class OnnxUpscaler implements Upscaler {
  readonly info: EngineInfo;
  readonly scale: number;
  readonly maxConcurrency = 1;
  readonly #session: OrtSession;
  readonly #options: OnnxUpscalerOptions;
  readonly #input: string;
  readonly #output: string;
  /** Tile decided per frame size (frames of one video share it). */
  readonly #tiles = new Map<string, number>();

  private constructor(session: OrtSession, options: OnnxUpscalerOptions) {
    this.#session = session;
    this.#options = options;
    this.scale = options.scale;
    this.#input = session.inputNames[0];
    this.#output = session.outputNames[0];
    const tile = options.tile ? `tile ${options.tile}` : 'automatic tiles';
    this.info = {
      id: 'realesrgan-onnx',
      description: `${options.spec.name} x${options.scale} on ONNX Runtime (${session.provider}, ${session.threads} threads, ${tile}, pad ${options.spec.tilePad})`,
      device: options.provider,
      model: `${options.spec.name}-x${options.scale}`,
    };
  }

  // Loads the converted model into an ONNX Runtime session.
  static async create(options: OnnxUpscalerOptions): Promise<OnnxUpscaler> {
    const session = await OrtSession.create({ modelPath: options.modelPath, provider: options.provider, threads: options.threads ?? availableParallelism() });
    if (session.inputNames.length !== 1 || session.outputNames.length !== 1) {
      await session.dispose();
      throw new Error(`${options.modelPath} has ${session.inputNames.length} inputs and ${session.outputNames.length} outputs; an upscaler has one of each`);
    }
    return new OnnxUpscaler(session, options);
  }

  // Upscales one frame, tiled as decided for its size.
  async upscale(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    checkOutputSize(frame.width, frame.height, this.scale);
    const tile = this.#tileFor(frame.width, frame.height);
    return upscaleTiled(frame, (t) => this.#run(t), { scale: this.scale, tile, pad: this.#options.spec.tilePad, signal });
  }

  #tileFor(width: number, height: number): number {
    if (this.#options.tile) return this.#options.tile;
    const key = `${width}x${height}`;
    const known = this.#tiles.get(key);
    if (known !== undefined) return known;
    const budgetBytes = this.#options.memoryBudget();
    const d = autoTileSize({ width, height, scale: this.scale, pad: this.#options.spec.tilePad, bytesPerPixel: this.#options.spec.bytesPerPixel, budgetBytes });
    this.#options.logger.info(d.tile === 0 ? 'upscaling whole frames (they fit in memory)' : `upscaling in ${d.tiles} tiles of ${d.tile}px`, {
      frame: key,
      budget: formatBytes(budgetBytes),
      estimate: formatBytes(d.estimatedBytes),
    });
    this.#tiles.set(key, d.tile);
    return d.tile;
  }

  // Runs the network on one tile: RGB (8 or 16 bits) → planar float 0..1 → model → rounded, clamped, same format.
  async #run(tile: Frame): Promise<Frame> {
    const { width, height } = tile;
    const input = toPlanar(tile, width, height);
    const results = await this.#session.run({ [this.#input]: { data: input, dims: [1, 3, height, width] } });
    const out = results[this.#output];
    if (!out) throw new Error(`model returned no ${this.#output} output`);
    const ow = width * this.scale;
    const oh = height * this.scale;
    const dims = out.dims;
    if (dims.length !== 4 || dims[1] !== 3 || dims[2] !== oh || dims[3] !== ow) {
      throw new Error(`model returned shape [${dims.join(',')}] for a ${width}x${height} tile; expected [1,3,${oh},${ow}]`);
    }
    return fromPlanar(out.data, ow, oh, ow, oh, undefined, tile.format);
  }

  // Releases the session; idempotent.
  async dispose(): Promise<void> {
    await this.#session.dispose();
  }
}
