// The upscaling models interup offers: which scales each has, which catalog entry holds each scale's
// weights, how much context a tile needs, and a memory estimate for the automatic tile size.
import { InputError } from '../../util/index.js';

export interface UpscaleModelSpec {
  /** The --upscale-model value. */
  name: string;
  description: string;
  /** Scale -> model catalog name (src/models) holding that network. */
  variants: Readonly<Record<number, string>>;
  /**
   * Input pixels of context each tile gets on every side. For the compact animevideov3 net this covers
   * its whole receptive field (18 3x3 convolutions, +1 for the in-graph bicubic of x2/x3), so tiled ==
   * untiled up to float rounding; for RRDB x4plus (receptive field of hundreds of pixels) it is the
   * distance beyond which the measured influence stays under 1/255 (see test/upscale).
   */
  tilePad: number;
  /**
   * Estimated peak bytes per input pixel of a tile while the network runs (float32 activations, ORT
   * buffers, output); drives the automatic tile size. Measured by bench/upscale.ts.
   */
  bytesPerPixel: number;
}

export const UPSCALE_MODELS: readonly UpscaleModelSpec[] = [
  {
    name: 'realesr-animevideov3',
    description: 'Real-ESRGAN compact video model (fast; x2/x3/x4)',
    variants: { 2: 'realesr-animevideov3-x2', 3: 'realesr-animevideov3-x3', 4: 'realesr-animevideov3-x4' },
    tilePad: 24,
    bytesPerPixel: 4096,
  },
  {
    name: 'realesrgan-x4plus',
    description: 'Real-ESRGAN RRDB general model (heavy, best detail; x4)',
    variants: { 4: 'realesrgan-x4plus' },
    // Measured tiled-vs-untiled max diff, real frames: 64x64 in 32px tiles, pad 8 → 9 levels, 16 → 4,
    // 24 → 3; 160x160 in 64px tiles (bench/upscale.ts --x4plus-pads), pad 24 → 4, pad 48 → 1.
    tilePad: 48,
    bytesPerPixel: 24576,
  },
];

export const DEFAULT_UPSCALE_MODEL = 'realesr-animevideov3';
export const UPSCALE_SCALES: readonly number[] = [2, 3, 4];

// Looks up a model by name and checks it offers `scale`; clear InputErrors otherwise.
export function resolveUpscaleModel(name: string | undefined, scale: number): { spec: UpscaleModelSpec; catalogName: string } {
  const wanted = name ?? DEFAULT_UPSCALE_MODEL;
  const spec = UPSCALE_MODELS.find((m) => m.name === wanted);
  if (!spec) {
    throw new InputError('UNKNOWN_UPSCALE_MODEL', `Unknown upscale model "${wanted}".`, {
      hint: `Use one of: ${UPSCALE_MODELS.map((m) => m.name).join(', ')}.`,
    });
  }
  const catalogName = spec.variants[scale];
  if (catalogName === undefined) {
    const offered = Object.keys(spec.variants).join(', ');
    throw new InputError('SCALE_NOT_OFFERED', `The upscale model ${spec.name} does not offer x${scale} (it offers x${offered}).`, {
      hint: `Use --scale ${offered.replaceAll(', ', '|')}, or another --upscale-model.`,
    });
  }
  return { spec, catalogName };
}

// Validates a --scale value (2, 3 or 4).
export function parseScale(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !UPSCALE_SCALES.includes(n)) {
    throw new InputError('BAD_SCALE', `Expected --scale 2, 3 or 4 but received ${typeof value === 'number' ? String(value) : JSON.stringify(value)}.`, {
      hint: 'Upscaling works in whole factors: 2, 3 or 4.',
    });
  }
  return n;
}
