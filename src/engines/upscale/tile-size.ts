// The tile size rule: the largest tile whose estimated working memory fits the budget (a share of the
// memory free on the device), and the checks that turn an impossible frame into a clear error.
import { constants as bufferConstants } from 'node:buffer';
import { freemem, totalmem } from 'node:os';
import { InputError } from '../../util/index.js';

/** Smallest core tile we will run: below this the pad dominates and throughput collapses. */
export const MIN_TILE = 32;
/** Tiles are multiples of this (friendlier to convolution kernels and to the TensorRT shape cache). */
export const TILE_STEP = 16;
/** Largest output side we will produce (ffmpeg's encoders and most players stop well before this). */
export const MAX_OUTPUT_SIDE = 16384;

export interface TileSizeInput {
  width: number;
  height: number;
  scale: number;
  /** Context pixels each side of a tile. */
  pad: number;
  /** Estimated working bytes per input pixel of a tile. */
  bytesPerPixel: number;
  /** Bytes we may spend on one tile's inference. */
  budgetBytes: number;
}

/** What the rule decided: 0 = no tiling needed. */
export interface TileDecision {
  tile: number;
  tiles: number;
  estimatedBytes: number;
}

// Refuses frames whose upscaled result could not exist as one buffer or one encodable picture.
export function checkOutputSize(width: number, height: number, scale: number): void {
  const ow = width * scale;
  const oh = height * scale;
  if (ow > MAX_OUTPUT_SIDE || oh > MAX_OUTPUT_SIDE || ow * oh * 3 > bufferConstants.MAX_LENGTH) {
    throw new InputError(
      'FRAME_TOO_LARGE',
      `A ${width}x${height} frame at x${scale} would be ${ow}x${oh}, larger than the ${MAX_OUTPUT_SIDE}-pixel side interup can encode, whatever the tile size.`,
      { hint: `Use a smaller --scale (at most x${Math.max(1, Math.floor(MAX_OUTPUT_SIDE / Math.max(width, height)))}) or downscale the input first.` },
    );
  }
}

// Estimated bytes to run one tile with core `tile` (clamped to the frame) plus its pad.
export function tileBytes(input: Omit<TileSizeInput, 'budgetBytes'>, tile: number): number {
  // The pad is clamped at the frame border, so a tile never sees more than the frame.
  const w = Math.min(Math.min(input.width, tile) + 2 * input.pad, input.width);
  const h = Math.min(Math.min(input.height, tile) + 2 * input.pad, input.height);
  return w * h * input.bytesPerPixel;
}

// Picks the tile size automatically: whole frame if it fits, else the largest multiple of TILE_STEP.
export function autoTileSize(input: TileSizeInput): TileDecision {
  checkOutputSize(input.width, input.height, input.scale);
  const frameOutBytes = input.width * input.scale * input.height * input.scale * 3;
  const budget = input.budgetBytes - frameOutBytes;
  const whole = input.width * input.height * input.bytesPerPixel;
  if (whole <= budget) return { tile: 0, tiles: 1, estimatedBytes: whole };
  // Largest square core c with (c + 2 pad)^2 * bpp <= budget.
  const side = Math.floor(Math.sqrt(Math.max(0, budget) / input.bytesPerPixel)) - 2 * input.pad;
  const tile = Math.floor(side / TILE_STEP) * TILE_STEP;
  if (tile < MIN_TILE) {
    throw new InputError(
      'FRAME_TOO_LARGE',
      `Not enough memory to upscale a ${input.width}x${input.height} frame at x${input.scale}: even a ${MIN_TILE}-pixel tile needs about ` +
        `${formatBytes(tileBytes(input, MIN_TILE) + frameOutBytes)} and about ${formatBytes(input.budgetBytes)} is available.`,
      { hint: 'Free memory (close other jobs), use a lighter --upscale-model or a smaller --scale.' },
    );
  }
  const cols = Math.ceil(input.width / tile);
  const rows = Math.ceil(input.height / tile);
  return { tile, tiles: cols * rows, estimatedBytes: tileBytes(input, tile) };
}

// Validates an explicit --tile value (0 = automatic).
export function parseTile(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || (n !== 0 && n < MIN_TILE) || n > MAX_OUTPUT_SIDE) {
    throw new InputError('BAD_TILE', `Expected --tile 0 (automatic) or a whole number of pixels from ${MIN_TILE} to ${MAX_OUTPUT_SIDE} but received ${typeof value === 'number' ? String(value) : JSON.stringify(value)}.`, {
      hint: 'Omit --tile to size tiles from the memory available.',
    });
  }
  return n;
}

// The CPU memory we allow one upscaler to use: half of what is free, within the cgroup limit if any.
export function cpuMemoryBudget(): number {
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const limit = constrained && constrained > 0 && constrained < totalmem() ? constrained - process.memoryUsage().rss : freemem();
  return Math.max(0, Math.floor(Math.min(limit, freemem()) * 0.5));
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
