// Messages between an OrtSession (main thread) and its session thread (ort-worker.ts).

export type ProviderName = 'tensorrt' | 'cuda' | 'cpu';

export interface TensorData {
  data: Float32Array;
  dims: readonly number[];
}

export type WorkerRequest =
  | { id: number; type: 'create'; modelPath: string; provider: ProviderName; threads: number }
  | { id: number; type: 'run'; feeds: Record<string, TensorData> }
  | { id: number; type: 'dispose' };

export type WorkerReply =
  | { id: number; ok: true; inputNames?: string[]; outputNames?: string[]; outputs?: Record<string, TensorData> }
  | { id: number; ok: false; message: string };
