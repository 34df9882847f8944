// `npm run bench rife`: RIFE 4.6 ms per frame at 640x360, ONNX Runtime CPU vs rife-ncnn-vulkan -g -1; then
// the rife-ncnn engine's batches against the binary's own folder mode.
import { formatNcnnChunkBench, runNcnnChunkBench } from './rife-ncnn.js';
import { formatRifeBench, runRifeBench } from './rife.js';

export async function run(): Promise<void> {
  console.log(formatRifeBench(await runRifeBench()));
  console.log(formatNcnnChunkBench(await runNcnnChunkBench()));
}
