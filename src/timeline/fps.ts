// Parse and check the requested output rate: --target-fps 70 | 59.94 | 60000/1001, or --factor N.
import { Q, type Rational } from '../frames/index.js';
import { InputError } from '../util/index.js';

/** Highest output rate accepted; anything above is a typo, not a video. */
export const MAX_FPS = 1000;
/** Lowest output rate accepted: below it every frame stays on screen for over a second, which no one means. */
export const MIN_FPS = 1;
const BELOW_MIN = `below ${MIN_FPS} fps every frame stays on screen for more than a second (a 1 s clip at 0.0001 fps becomes a 10000 s file)`;

// NTSC rates people write as decimals: 23.976 means 24000/1001, 59.94 means 60000/1001.
const NTSC_BASES = [24n, 30n, 48n, 60n, 120n, 240n];

function ntscFor(value: Rational): Rational | undefined {
  for (const base of NTSC_BASES) {
    const exact = Q.rat(base * 1000n, 1001n);
    for (const digits of [2n, 3n]) {
      const scale = 10n ** digits;
      if (Q.cmp(Q.rat(Q.round(Q.mul(exact, Q.rat(scale))), scale), value) === 0) return exact;
    }
  }
  return undefined;
}

/** '70' → 70/1, '59.94' → 60000/1001 (NTSC decimals), '60000/1001' exactly; rejects rates below 1 fps and absurd values. */
export function parseTargetFps(text: string, flag = '--target-fps'): Rational {
  const value = Q.parseRational(text);
  if (!value) {
    throw new InputError('FPS_INVALID', `${flag} must be a number like 70, 59.94 or 60000/1001, not "${text}".`);
  }
  if (value.num <= 0n) throw new InputError('FPS_INVALID', `${flag} must be greater than zero, not ${text}.`);
  if (Q.cmp(value, Q.rat(BigInt(MAX_FPS))) > 0) {
    throw new InputError('FPS_INVALID', `${flag} ${text} is absurdly high (at most ${MAX_FPS} fps is accepted).`);
  }
  if (Q.cmp(value, Q.rat(BigInt(MIN_FPS))) < 0) {
    throw new InputError('FPS_INVALID', `${flag} ${text} is below ${MIN_FPS} fps: ${BELOW_MIN}.`);
  }
  const text2 = text.trim();
  return text2.includes('.') ? (ntscFor(value) ?? value) : value;
}

/** The output rate for --factor N: the source rate times N (N a positive number ≤ 64). */
export function rateFromFactor(source: Rational, factor: number | string): Rational {
  const f = Q.parseRational(String(factor));
  if (!f || f.num <= 0n || Q.cmp(f, Q.rat(64n)) > 0) {
    throw new InputError('FACTOR_INVALID', `--factor must be a number greater than 0 and at most 64, not ${String(factor)}.`);
  }
  const fps = Q.mul(source, f);
  if (Q.cmp(fps, Q.rat(BigInt(MAX_FPS))) > 0) {
    throw new InputError('FPS_INVALID', `--factor ${String(factor)} gives ${Q.toNumber(fps).toFixed(3)} fps, above the ${MAX_FPS} fps limit.`);
  }
  if (Q.cmp(fps, Q.rat(BigInt(MIN_FPS))) < 0) {
    throw new InputError('FPS_INVALID', `--factor ${String(factor)} gives ${Q.toNumber(fps).toFixed(4)} fps from this source: ${BELOW_MIN}.`);
  }
  return fps;
}
