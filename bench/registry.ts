// The benchmarks `npm run bench` knows. Each module exports `run(options)`, which prints its numbers for a
// person and returns a JSON-able result (the report keeps it); add a line here to register another one.

export interface BenchOptions {
  /** A smoke run: tiny inputs, one round; checks the tooling end to end, not the numbers. */
  quick?: boolean;
}

export interface BenchModule {
  run: (options?: BenchOptions) => Promise<unknown>;
}

export const BENCHES: Record<string, () => Promise<BenchModule>> = {
  pipeline: () => import('./pipeline.js'),
  rife: () => import('./rife-entry.js'),
  upscale: () => import('./upscale.js'),
  seed: () => import('./seed/seed.js'),
  quality: () => import('./quality/quality.js'),
  queue: () => import('./queue.js'),
  probe: () => import('./probe.js'),
  resume: () => import('./resume.js'),
  serve: () => import('./serve.js'),
  'rife-ncnn': () => import('./rife-ncnn-speed.js'),
  repeats: () => import('./repeats.js'),
  dedup: () => import('./dedup.js'),
};
