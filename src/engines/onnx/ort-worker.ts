// The thread an ONNX Runtime session lives on. onnxruntime-node runs inference synchronously on the calling
// thread: in the main thread every call froze decoding, encoding and progress for its whole length. Here
// it blocks only this thread; inputs arrive and outputs leave as transferred buffers (no copies of frames).
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { ProviderName, TensorData, WebgpuSettings, WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('ort-worker must run in a worker thread');

let session: ort.InferenceSession | undefined;

// The provider first, then those that take the nodes it cannot run (ONNX Runtime assigns node by node).
function executionProviders(provider: ProviderName, webgpu: WebgpuSettings = {}): ort.InferenceSession.ExecutionProviderConfig[] {
  if (provider === 'tensorrt') return [{ name: 'tensorrt' }, { name: 'cuda' }, { name: 'cpu' }];
  if (provider === 'cuda') return [{ name: 'cuda' }, { name: 'cpu' }];
  if (provider === 'webgpu') return [{ name: 'webgpu', ...webgpu }, { name: 'cpu' }];
  return [{ name: 'cpu' }];
}

async function handle(request: WorkerRequest): Promise<{ reply: WorkerReply; transfer: ArrayBuffer[] }> {
  if (request.type === 'create') {
    session = await ort.InferenceSession.create(request.modelPath, {
      executionProviders: executionProviders(request.provider, request.webgpu),
      graphOptimizationLevel: 'all',
      // Errors only: ORT's warnings (e.g. "Some nodes were not assigned to the preferred execution
      // providers" for the shape ops it keeps on the CPU beside WebGPU) would land in the user's terminal.
      logSeverityLevel: 3,
      intraOpNumThreads: request.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      enableCpuMemArena: true,
      enableMemPattern: true,
      // No spin-waiting between ops: decode and encode run beside inference in the pipeline, and on a
      // shared CPU spinning threads starve them (measured: ~1.5x faster per frame on a loaded box).
      // Denormals flushed to zero: leaky ReLU tails produce them and x86 handles them slowly.
      // Dynamic block sizes let the intra-op threads share out unevenly sized loops (RIFE on 2 cores:
      // 2–4 % less time per frame in paired runs).
      extra: { session: { set_denormal_as_zero: '1', dynamic_block_base: '4', intra_op: { allow_spinning: '0' } } },
    });
    return { reply: { id: request.id, ok: true, inputNames: [...session.inputNames], outputNames: [...session.outputNames] }, transfer: [] };
  }
  if (request.type === 'run') {
    if (!session) throw new Error('no session loaded');
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, f] of Object.entries(request.feeds)) inputs[name] = new ort.Tensor('float32', f.data, f.dims);
    const results = await session.run(inputs);
    const outputs: Record<string, TensorData> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, t] of Object.entries(results)) {
      // A copy we own, so its buffer can be transferred (the binding's output memory may not be).
      const data = new Float32Array(t.data as Float32Array);
      outputs[name] = { data, dims: t.dims };
      transfer.push(data.buffer);
    }
    return { reply: { id: request.id, ok: true, outputs }, transfer };
  }
  const current = session;
  session = undefined;
  if (current) await current.release();
  return { reply: { id: request.id, ok: true }, transfer: [] };
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    ({ reply, transfer }) => port.postMessage(reply, transfer),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
