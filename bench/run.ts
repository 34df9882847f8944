// `npm run bench [name…]`: runs the named benchmarks (all when none is named) and prints their numbers.
// Each bench file exports `run(): Promise<void>`; add a line to BENCHES to register another one.

type Bench = () => Promise<{ run: () => Promise<void> }>;

const BENCHES: Record<string, Bench> = {
  pipeline: () => import('./pipeline.js'),
  queue: () => import('./queue.js'),
  rife: () => import('./rife-entry.js'),
  upscale: () => import('./upscale.js'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  console.log(`\n== bench ${name} ==`);
  const mod = await BENCHES[name]();
  await mod.run();
}
