// `npm run bench rife`: RIFE 4.6 ms per frame at 640x360, ONNX Runtime CPU vs rife-ncnn-vulkan -g -1.
import { formatRifeBench, runRifeBench } from './rife.js';

export async function run(): Promise<void> {
  console.log(formatRifeBench(await runRifeBench()));
}
