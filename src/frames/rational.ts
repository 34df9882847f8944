// Exact rational numbers (BigInt num/den) for timestamps and frame rates: no float decides which frame goes where.

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** A reduced rational with a positive denominator. */
export function rat(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('Expected a non-zero denominator but received 0');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

export const ZERO = rat(0n);

export function add(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rat(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('Division of a rational by zero');
  return rat(a.num * b.den, a.den * b.num);
}

/** -1, 0 or 1. */
export function cmp(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Largest integer ≤ a. */
export function floor(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}

/** Nearest integer (halves round up). */
export function round(a: Rational): bigint {
  return floor(add(a, rat(1n, 2n)));
}

export function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}

export function toString(a: Rational): string {
  return a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`;
}

/**
 * Parses '70', '59.94', '60000/1001' or '24000/1001' exactly. Returns undefined when the text is not a
 * number of one of these shapes (callers turn that into a message naming their flag).
 */
export function parseRational(text: string): Rational | undefined {
  const s = text.trim();
  const frac = /^(-?\d+)\s*\/\s*(-?\d+)$/.exec(s);
  if (frac) {
    const den = BigInt(frac[2]);
    return den === 0n ? undefined : rat(BigInt(frac[1]), den);
  }
  const dec = /^(-?)(\d*)(?:\.(\d+))?$/.exec(s);
  if (!dec || (dec[2] === '' && dec[3] === undefined)) return undefined;
  const fraction = dec[3] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const value = BigInt(dec[2] || '0') * scale + BigInt(fraction || '0');
  return rat(dec[1] === '-' ? -value : value, scale);
}
