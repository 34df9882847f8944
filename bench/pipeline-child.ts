// Runs one processVideo in its own process and prints its report, this process's peak RSS, the streaming
// rate (first to last frame written, without probe, model load and verify) and the CPU the run used (this
// process's threads and its ffmpeg children), so each measurement starts from a clean heap.
import { processVideo } from '../src/pipeline/index.js';
import { silentLogger } from '../src/util/index.js';
import { cpuSeconds, cpuTime } from './cpu-time.js';

const [input, output, targetFps, prefer, modelsDir, encoder] = process.argv.slice(2);
let streaming = { frames: 0, seconds: 0 };
// Peak memory held in Buffers/ArrayBuffers (frames, live or freed and not yet collected), sampled.
let peakBuffers = 0;
const sampler = setInterval(() => {
  peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers);
}, 20);
const began = cpuTime();
const report = await processVideo(
  { input, output, mode: 'interp', prefer: (prefer ?? 'blend') as 'blend', targetFps, crf: 23, device: 'cpu', modelsDir, encoder },
  {
    logger: silentLogger,
    onProgress: (e) => {
      if (e.stage === 'interpolate') streaming = { frames: e.done - 1, seconds: e.elapsedSeconds };
    },
  },
);
const cpu = cpuSeconds(began);
clearInterval(sampler);
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
const streamingFps = streaming.seconds > 0 ? streaming.frames / streaming.seconds : 0;
process.stdout.write(`${JSON.stringify({ report, maxRssMiB, peakBuffersMiB: peakBuffers / 2 ** 20, streamingFps, streamingSeconds: streaming.seconds, cpuSeconds: cpu })}\n`);
