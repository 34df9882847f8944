// Messages between an OrtSession (main thread) and its session thread (ort-worker.ts).

import type { ProviderName } from './providers.js';

export type { ProviderName } from './providers.js';

/** WebGPU provider settings the Node binding passes on (ORT's default layout for WebGPU is NHWC). */
export interface WebgpuSettings {
  preferredLayout?: 'NCHW' | 'NHWC';
}

export interface TensorData {
  data: Float32Array;
  dims: readonly number[];
}

export type WorkerRequest =
  | { id: number; type: 'create'; modelPath: string; provider: ProviderName; threads: number; webgpu?: WebgpuSettings }
  | { id: number; type: 'run'; feeds: Record<string, TensorData> }
  | { id: number; type: 'dispose' };

export type WorkerReply =
  | { id: number; ok: true; inputNames?: string[]; outputNames?: string[]; outputs?: Record<string, TensorData> }
  | { id: number; ok: false; message: string };
