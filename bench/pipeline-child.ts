// Runs one processVideo in its own process and prints its report plus this process's peak RSS, so each
// measurement starts from a clean heap.
import { processVideo } from '../src/pipeline/index.js';
import { silentLogger } from '../src/util/index.js';

const [input, output, targetFps, prefer] = process.argv.slice(2);
const report = await processVideo(
  { input, output, mode: 'interp', prefer: (prefer ?? 'blend') as 'blend', targetFps, crf: 23 },
  { logger: silentLogger },
);
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ report, maxRssMiB })}\n`);
