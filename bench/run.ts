// `npm run bench [name…] [--quick]`: runs the named benchmarks (every one in bench/registry.ts when none is
// named) and prints their numbers; `npm run bench report [--quick]` runs them all and writes the JSON and
// Markdown report (bench/report/). `npm run bench x --quick` hands --quick to npm, which passes it on as
// npm_config_quick=true: both spellings work.
import { BENCHES, type BenchModule } from './registry.js';

// The benches call the library as the CLI does, so the AWS SDK's Node-20 notice is off here as in
// src/cli/node-runtime.ts (the SDK's own switch; a value the user set wins).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';

const TOOLS: Record<string, () => Promise<BenchModule>> = {
  report: () => import('./report/report.js'),
};

// Flags that take a value (bench/report/report.ts reads them); everything else not starting with -- is a name.
const VALUE_FLAGS = new Set(['--from', '--note', '--only', '--keep']);
const args = process.argv.slice(2);
const wanted = args.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(args[i - 1] ?? ''));
const known = { ...BENCHES, ...TOOLS };
const unknown = wanted.filter((n) => !(n in known));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(known).join(', ')})`);
  process.exit(2);
}
const quick = process.argv.includes('--quick') || process.env.npm_config_quick === 'true';
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  console.log(`\n== bench ${name}${quick ? ' (quick)' : ''} ==`);
  const mod = await known[name]();
  await mod.run({ quick });
}
