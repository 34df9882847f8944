// `npm run gpu-check [-- --quick] [--input FILE] [--out FILE] [--providers a,b]`: the GPU check on real
// footage (motion.mov, fetched like the tests' clips, unless --input names another video). Prints the
// table and writes the JSON (default gpu-check.json). Run it once on a rented GPU box: it needs nothing
// the box does not already have for interup itself.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatGpuCheck, runGpuCheck } from '../src/diagnostics/index.js';
import { createLogger } from '../src/util/index.js';
import { footage } from '../test/helpers/footage.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// A log record's `reason` field, shown after the message; reasons are text, anything else as JSON.
function reasonOf(reason: unknown): string {
  if (reason === undefined || reason === '') return '';
  return ` (${typeof reason === 'string' ? reason : JSON.stringify(reason)})`;
}

const quick = process.argv.includes('--quick');
const input = arg('--input') ?? (await footage('motion.mov'));
const out = resolve(arg('--out') ?? 'gpu-check.json');
const providers = arg('--providers')?.split(',');
const report = await runGpuCheck({
  input,
  realFootage: true,
  providers,
  modelsDir: process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models'),
  logger: createLogger((r) => process.stderr.write(`${r.level} ${r.msg}${reasonOf(r.fields.reason)}\n`)),
  ...(quick ? { sizes: [[128, 72], [64, 36]] as const, frames: 2, upscaleSize: [64, 36] as const, fp16: false } : {}),
});
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(formatGpuCheck(report));
process.stdout.write(`JSON: ${out}\n`);
