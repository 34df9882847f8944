// `npm run bench rife`: RIFE 4.6 ms per frame at 640x360, ONNX Runtime CPU vs rife-ncnn-vulkan -g -1; then
// the rife-ncnn engine's batches against the binary's own folder mode.
import { formatNcnnChunkBench, runNcnnChunkBench, type NcnnChunkBenchResult } from './rife-ncnn.js';
import { formatRifeBench, runRifeBench, type RifeBenchResult } from './rife.js';

export async function run(options: { quick?: boolean } = {}): Promise<RifeBenchResult & { ncnnChunks?: NcnnChunkBenchResult }> {
  const result = await runRifeBench(options.quick ? { frames: 3, rounds: 1 } : {});
  console.log(formatRifeBench(result));
  // The chunk comparison runs the binary's folder mode several times: minutes on a CPU, so not in --quick.
  if (options.quick) return result;
  const ncnnChunks = await runNcnnChunkBench();
  console.log(formatNcnnChunkBench(ncnnChunks));
  return { ...result, ncnnChunks };
}
