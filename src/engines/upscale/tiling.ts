// Tiled upscaling: split a frame into tiles, run each with `pad` pixels of real neighbouring context on
// every side (clamped to the frame, so tiles at the border see exactly what the whole frame would), and
// keep only each tile's core. With `pad` at least the network's receptive radius the result equals the
// untiled one up to float rounding; nothing is blended, so no seam can show.
import { frameBytes, makeFrame, type Frame } from '../../frames/index.js';
import { cropFrame, pasteRegion, type Rect } from './region.js';

export interface Tile {
  /** The pixels this tile is responsible for (input coordinates); cores partition the frame. */
  core: Rect;
  /** The core grown by the pad on each side, clamped to the frame: what the model sees. */
  input: Rect;
}

// Splits width x height into tiles whose cores are at most `tile` pixels square (0 = one tile).
export function planTiles(width: number, height: number, tile: number, pad: number): Tile[] {
  if (!Number.isInteger(tile) || tile < 0) throw new RangeError(`Expected a tile size >= 0 but received ${tile}`);
  if (!Number.isInteger(pad) || pad < 0) throw new RangeError(`Expected a tile pad >= 0 but received ${pad}`);
  const size = tile === 0 ? Math.max(width, height) : tile;
  // Equal-sized tiles (rather than full tiles plus a sliver) keep every tile's context balanced.
  const cols = Math.ceil(width / size);
  const rows = Math.ceil(height / size);
  const tiles: Tile[] = [];
  for (let r = 0; r < rows; r++) {
    const y0 = Math.floor((r * height) / rows);
    const y1 = Math.floor(((r + 1) * height) / rows);
    for (let c = 0; c < cols; c++) {
      const x0 = Math.floor((c * width) / cols);
      const x1 = Math.floor(((c + 1) * width) / cols);
      const ix0 = Math.max(0, x0 - pad);
      const iy0 = Math.max(0, y0 - pad);
      const ix1 = Math.min(width, x1 + pad);
      const iy1 = Math.min(height, y1 + pad);
      tiles.push({
        core: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
        input: { x: ix0, y: iy0, width: ix1 - ix0, height: iy1 - iy0 },
      });
    }
  }
  return tiles;
}

/** Upscales one tile (a small frame) by exactly `scale`. */
export type TileRunner = (tile: Frame, signal?: AbortSignal) => Promise<Frame>;

export interface TiledOptions {
  scale: number;
  /** Core tile size in input pixels; 0 = the whole frame at once. */
  tile: number;
  pad: number;
  signal?: AbortSignal;
}

// Runs `run` tile by tile (one at a time: memory stays at one tile) and assembles the scaled frame.
export async function upscaleTiled(frame: Frame, run: TileRunner, options: TiledOptions): Promise<Frame> {
  const { scale } = options;
  const outWidth = frame.width * scale;
  const outHeight = frame.height * scale;
  const tiles = planTiles(frame.width, frame.height, options.tile, options.pad);
  if (tiles.length === 1) return checkedRun(run, frame, scale, options.signal);
  const out = Buffer.allocUnsafeSlow(frameBytes(outWidth, outHeight, frame.format));
  for (const { core, input } of tiles) {
    options.signal?.throwIfAborted();
    const scaled = await checkedRun(run, cropFrame(frame, input), scale, options.signal);
    const from: Rect = {
      x: (core.x - input.x) * scale,
      y: (core.y - input.y) * scale,
      width: core.width * scale,
      height: core.height * scale,
    };
    pasteRegion(out, outWidth, scaled, from, core.x * scale, core.y * scale);
  }
  return makeFrame(outWidth, outHeight, out, frame.format);
}

// Calls the runner and insists on the promised size (a wrong size would silently corrupt the mosaic).
async function checkedRun(run: TileRunner, tile: Frame, scale: number, signal?: AbortSignal): Promise<Frame> {
  const scaled = await run(tile, signal);
  if (scaled.width !== tile.width * scale || scaled.height !== tile.height * scale) {
    throw new Error(`Upscaler returned ${scaled.width}x${scaled.height} for a ${tile.width}x${tile.height} tile at x${scale}`);
  }
  return scaled;
}
