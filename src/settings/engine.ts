// Settings that choose and tune the engines: the --prefer chain, the ONNX Runtime device, CPU threads,
// the model cache and RIFE's padding. A new device or engine name is one word added to its list here.
import { choiceSetting, intSetting, textSetting } from './define.js';

/** --prefer: `auto` tries onnx → ncnn → ffmpeg → blend (engines/registry.ts ranks them). */
export const PREFERS = ['auto', 'onnx', 'ncnn', 'ffmpeg', 'blend'] as const;
export type Prefer = (typeof PREFERS)[number];

/** --device: the ONNX Runtime execution provider; `auto` tries tensorrt → cuda → webgpu → cpu (engines/onnx/providers.ts). */
export const DEVICES = ['auto', 'tensorrt', 'cuda', 'webgpu', 'cpu'] as const;
export type Device = (typeof DEVICES)[number];

export const prefer = choiceSetting({
  key: 'prefer',
  flag: '--prefer <engine>',
  description: 'interpolation engine; auto tries onnx → ncnn → ffmpeg → blend',
  choices: PREFERS,
  default: 'auto',
});

export const device = choiceSetting({
  key: 'device',
  flag: '--device <device>',
  description: 'ONNX Runtime device; auto picks the fastest this install has (interup doctor lists them)',
  choices: DEVICES,
  default: 'auto',
});

export const threads = intSetting({
  key: 'threads',
  flag: '--threads <n>',
  description: 'CPU threads for the engines (default: every core)',
  min: 1,
});

export const modelsDir = textSetting({
  key: 'modelsDir',
  flag: '--models-dir <dir>',
  description: 'model cache folder (env INTERUP_MODELS; default ~/.cache/interup/models)',
  expected: 'a folder path',
});

/** RIFE's padding multiple (the old pipeline's INFERENCE_PAD); the engines pad to it, nobody else. */
/**
 * INTERUP_NCNN_GPU: rife-ncnn-vulkan's Vulkan device (its -g). `auto` never takes a software device; a number
 * takes that device whatever it is, so lavapipe can be asked for by name (engines/ncnn/vulkan-devices.ts).
 */
export const ncnnGpu = textSetting({
  key: 'ncnnGpu',
  env: 'INTERUP_NCNN_GPU',
  description: "rife-ncnn-vulkan's Vulkan device: auto (default: the first hardware GPU, else ncnn's CPU path), cpu, or a device number, used even when it is a software one",
  default: 'auto',
  expected: 'auto, cpu or a Vulkan device number (0, 1, …)',
  hint: 'Device numbers are the ones rife-ncnn-vulkan prints ([0 NAME]); `npm run gpu-check` lists them.',
  check: (v) => /^(auto|cpu|\d{1,2})$/.test(v.trim()),
});

export const inferencePad = intSetting({
  key: 'inferencePad',
  env: 'INFERENCE_PAD',
  description: 'RIFE padding multiple: 32 (default), 64, 128 …',
  min: 32,
  multipleOf: 32,
  expected: 'a positive multiple of 32',
  hint: 'RIFE works on sizes divisible by 32; use 32, 64, 128 … or unset INFERENCE_PAD.',
});
