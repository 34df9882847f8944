// `npm run bench rife`: RIFE 4.6 ms per frame at 640x360, ONNX Runtime CPU vs rife-ncnn-vulkan -g -1.
import { formatRifeBench, runRifeBench, type RifeBenchResult } from './rife.js';

export async function run(options: { quick?: boolean } = {}): Promise<RifeBenchResult> {
  const result = await runRifeBench(options.quick ? { frames: 3, rounds: 1 } : {});
  console.log(formatRifeBench(result));
  return result;
}
