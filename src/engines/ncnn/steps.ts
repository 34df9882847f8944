// Which requests rife-ncnn-vulkan's folder mode can answer in one run, and which of its output files holds
// each answer. Pure functions (no files, no processes), so the grouping is tested on its own.
//
// Folder mode (`-i DIR -o DIR -n M`) reads the c files of DIR in name order and writes M files
// %08d.png numbered from 1; output i reads position p = i·c/M: pair ⌊p⌋ at t = p − ⌊p⌋, positions past
// c − 1 clamped to the last pair at t = 1 (src/main.cpp of the published source; test/engines-rife/
// ncnn-folder.test.ts checks it against the packaged binary). With M = k·c, output k·p + j is pair p at
// exactly t = j/k: an integer step count k maps onto a chain of consecutive pairs.

/** Largest step count folder mode is used for: beyond it, most outputs would be computed for nothing. */
export const MAX_STEPS = 8;

/** t as j/k with the smallest k ≤ MAX_STEPS, or undefined when t is no such fraction. */
export function stepOf(t: number): { k: number; j: number } | undefined {
  for (let k = 2; k <= MAX_STEPS; k++) {
    const j = Math.round(t * k);
    if (j > 0 && j < k && Math.abs(t * k - j) < 1e-9) return { k, j };
  }
  return undefined;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The step count that serves all of `ks` (their least common multiple), or undefined past MAX_STEPS. */
export function commonSteps(ks: readonly number[]): number | undefined {
  let l = 1;
  for (const k of ks) {
    l = (l * k) / gcd(l, k);
    if (l > MAX_STEPS) return undefined;
  }
  return l;
}

/** The 1-based output file number holding pair `p` at step `j` of `k` (M = k·c). */
export function outputNumber(p: number, j: number, k: number): number {
  return k * p + j + 1;
}

/** A request as far as grouping cares: its two frames (by identity) and its timestep. */
export interface PairRequest<F> {
  readonly a: F;
  readonly b: F;
  readonly t: number;
}

/** Consecutive pairs sharing frames (pair i's b is pair i+1's a), run together with one step count. */
export interface Chain<F, R extends PairRequest<F>> {
  /** The c frames in order. */
  readonly frames: F[];
  readonly k: number;
  /** Each request with its pair index in the chain and its step. */
  readonly requests: Array<{ request: R; p: number; j: number }>;
}

/**
 * Splits requests into chains for folder mode and the rest (timesteps that are no j/k, or a step count
 * the batch cannot share). Requests arrive in timeline order: a pair extends the chain whose last frame
 * is its first, else starts a new one. The same pair asked twice (two steps) shares its place.
 */
export function planChains<F, R extends PairRequest<F>>(requests: readonly R[]): { chains: Chain<F, R>[]; single: R[] } {
  const single: R[] = [];
  const stepped: Array<{ request: R; k: number; j: number }> = [];
  for (const request of requests) {
    const step = stepOf(request.t);
    if (step) stepped.push({ request, ...step });
    else single.push(request);
  }
  const common = commonSteps(stepped.map((s) => s.k));
  const groups = new Map<number, typeof stepped>();
  for (const s of stepped) {
    const k = common ?? s.k;
    const list = groups.get(k) ?? [];
    list.push({ ...s, j: (s.j * k) / s.k });
    groups.set(k, list);
  }
  const chains: Chain<F, R>[] = [];
  for (const [k, list] of groups) {
    const open: Array<{ frames: F[]; k: number; requests: Chain<F, R>['requests'] }> = [];
    for (const { request, j } of list) {
      // The same pair again (another step of it), in any chain so far.
      let placed = false;
      for (const chain of open) {
        const p = chain.frames.findIndex((f, i) => f === request.a && chain.frames[i + 1] === request.b);
        if (p >= 0) {
          chain.requests.push({ request, p, j });
          placed = true;
          break;
        }
      }
      if (placed) continue;
      const tail = open.find((chain) => chain.frames[chain.frames.length - 1] === request.a && !chain.frames.includes(request.b));
      if (tail) {
        tail.frames.push(request.b);
        tail.requests.push({ request, p: tail.frames.length - 2, j });
      } else {
        open.push({ frames: [request.a, request.b], k, requests: [{ request, p: 0, j }] });
      }
    }
    chains.push(...open);
  }
  return { chains, single };
}
