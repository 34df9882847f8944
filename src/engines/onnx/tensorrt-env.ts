// TensorRT builds an engine for each model and input shape, which takes minutes; without a cache every run
// on a rented box pays that again. onnxruntime-node passes only a device id to the TensorRT provider, so its
// settings come from the environment variables the provider documents (ORT_TENSORRT_*): we turn on the
// engine and timing caches beside the converted model, and leave any value the user exported alone.
import { join, dirname } from 'node:path';

/** The ORT_TENSORRT_* variables to add for `modelPath`, given the current environment (user values win). */
export function tensorrtEnv(modelPath: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const wanted: Record<string, string> = {
    ORT_TENSORRT_ENGINE_CACHE_ENABLE: '1',
    ORT_TENSORRT_CACHE_PATH: join(dirname(modelPath), 'tensorrt-cache'),
    ORT_TENSORRT_TIMING_CACHE_ENABLE: '1',
  };
  const add: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted)) if (env[key] === undefined || env[key] === '') add[key] = value;
  return add;
}
