// The padding multiple the RIFE engines use: 32 (what the network needs), or INFERENCE_PAD if set to a
// larger multiple of 32. Padding happens inside engines and only there.
import { InputError, expected } from '../util/index.js';

export const RIFE_PAD = 32;

/** The padding multiple from an explicit value or env INFERENCE_PAD; refuses anything not a multiple of 32. */
export function resolvePad(value: number | string | undefined = process.env.INFERENCE_PAD): number {
  if (value === undefined || value === '') return RIFE_PAD;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n <= 0 || n % RIFE_PAD !== 0) {
    throw new InputError('BAD_INFERENCE_PAD', expected(`a positive multiple of ${RIFE_PAD}`, 'INFERENCE_PAD', value), {
      hint: `RIFE works on sizes divisible by ${RIFE_PAD}; use 32, 64, 128 … or unset INFERENCE_PAD.`,
    });
  }
  return n;
}

/** `n` rounded up to a multiple of `multiple`. */
export function padTo(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}
