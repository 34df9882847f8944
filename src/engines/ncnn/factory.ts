// The `--prefer ncnn` backend: rife-ncnn-vulkan on a hardware Vulkan GPU when one exists (unless
// --device cpu), else ncnn's CPU path: auto never uses a software Vulkan device (lavapipe), and the log
// says so; INTERUP_NCNN_GPU=N runs on device N whatever it is (the log says when it is software).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fetchModels, findModel, modelStatus, resolveModelsDir, type ModelEntry } from '../../models/index.js';
import { ncnnGpu, readEnv } from '../../settings/index.js';
import { InputError, InterupError } from '../../util/index.js';
import type { EngineContext, InterpolatorFactory } from '../interpolator.js';
import { BINARY, probeNcnnDevices } from './binary.js';
import { chooseNcnnDevice, parseNcnnDeviceRequest } from './vulkan-devices.js';
import { RIFE_NCNN_MODEL, RifeNcnnInterpolator } from './rife-ncnn.js';

function entry(): ModelEntry {
  const found = findModel(RIFE_NCNN_MODEL);
  if (!found) throw new Error(`internal: ${RIFE_NCNN_MODEL} missing from the catalog`);
  return found;
}

// The device the binary runs on: INTERUP_NCNN_GPU when set (a number is taken as named, software or not;
// one the binary does not list is refused), else --device cpu's CPU path, else auto's choice.
async function chooseDevice(context: EngineContext, modelDir: string): Promise<{ gpu: number; name?: string }> {
  const asked = readEnv(ncnnGpu);
  const request = parseNcnnDeviceRequest(asked ?? (context.device === 'cpu' ? 'cpu' : 'auto'));
  if (request === 'cpu') return { gpu: -1 };
  const { devices } = await probeNcnnDevices(modelDir);
  const choice = chooseNcnnDevice(devices, request);
  if (!choice) {
    const listed = devices.length > 0 ? `it lists ${devices.map((d) => `${d.index} ${d.name}`).join(', ')}` : 'it lists no Vulkan device';
    throw new InputError('BAD_SETTING', `INTERUP_NCNN_GPU=${asked ?? ''} names no Vulkan device that ${BINARY} sees: ${listed}.`, {
      hint: "Give one of those numbers, or auto, or cpu for ncnn's CPU path.",
    });
  }
  if (choice.software) {
    context.logger.info(`rife-ncnn: Vulkan device ${choice.gpu} ${choice.name ?? ''} is software (the CPU emulating a GPU): used because INTERUP_NCNN_GPU=${choice.gpu} asks for it; ncnn's CPU path (INTERUP_NCNN_GPU=cpu) does the same work without the emulation`);
  } else if (choice.skipped.length > 0) {
    const listed = choice.skipped.map((d) => `${d.index} ${d.name}`).join(', ');
    context.logger.info(`rife-ncnn: Vulkan device ${listed} is software (the CPU emulating a GPU): skipped${choice.gpu < 0 ? "; ncnn's CPU path (-g -1) runs instead, the same work without the emulation" : ''}`);
  }
  return { gpu: choice.gpu, name: choice.name };
}

export const rifeNcnnFactory: InterpolatorFactory = {
  id: 'rife-ncnn',
  prefer: 'ncnn',
  async available(context: EngineContext) {
    if (context.frameFormat === 'rgb48le') return { ok: false, reason: `${BINARY} reads 8-bit PNG files and would cut this deeper-than-8-bit input to 8 bits (the onnx engine works in float)` };
    if (process.platform !== 'linux' || process.arch !== 'x64') return { ok: false, reason: `the packaged ${BINARY} is for linux/x64, not ${process.platform}/${process.arch}` };
    const { dir } = resolveModelsDir(context.modelsDir);
    const status = await modelStatus(dir, entry());
    if (status.state !== 'ok' && !context.allowFetch) {
      return { ok: false, reason: `${BINARY} and model ${RIFE_NCNN_MODEL} are ${status.state} in ${dir} and fetching is off (run: interup models fetch ${RIFE_NCNN_MODEL})` };
    }
    return { ok: true };
  },
  async create(context: EngineContext) {
    const { dir } = resolveModelsDir(context.modelsDir);
    if ((await modelStatus(dir, entry())).state !== 'ok') {
      if (!context.allowFetch) throw new InterupError('MODEL_MISSING', `Model ${RIFE_NCNN_MODEL} is not in ${dir}.`, { hint: `Run: interup models fetch ${RIFE_NCNN_MODEL}` });
      await fetchModels([entry()], { modelsDir: dir, logger: context.logger, onProgress: context.onProgress, signal: context.signal });
    }
    const modelDir = join(dir, RIFE_NCNN_MODEL);
    const threads = context.threads ?? availableParallelism();
    const { gpu, name } = await chooseDevice(context, modelDir);
    const engine = RifeNcnnInterpolator.create({ modelDir, gpu, threads }, name);
    context.logger.info(`rife-ncnn: ${gpu < 0 ? "ncnn's CPU path (-g -1)" : `Vulkan device ${gpu} ${name ?? ''}`}`, { threads, batch: engine.batchPairs });
    return engine;
  },
};
