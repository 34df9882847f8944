// Whether ONNX Runtime's WebGPU provider finds an adapter on this box, asked the only way that tells: by
// starting it. The start runs in a child Node process: Dawn writes its diagnostics straight to the
// process's stderr (which would land in the user's terminal) and a broken driver could take the whole
// process down. It can be asked with every Vulkan driver (what `--device webgpu` gets) or with the hardware
// drivers only (what `--device auto` accepts: a software adapter is skipped). Answers are cached for the
// life of this process.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { encodeModel } from '../../models/index.js';
import { runProcess } from '../../process/index.js';
import { adapterFromIcd, hardwareAdapter, icdEnv, isSoftwareAdapter, parseVulkaninfo, pickAdapter, vulkanIcds, type VulkanAdapter, type VulkanIcd } from './vulkan-adapters.js';

export interface WebgpuProbe {
  readonly ok: boolean;
  /** ONNX Runtime's failure, plus Dawn's own reason when it gave one. */
  readonly reason?: string;
  /** The adapter WebGPU takes, as far as this box tells (vulkaninfo when installed, else the driver manifest). */
  readonly adapter?: VulkanAdapter;
  /** The adapter is a CPU renderer (lavapipe, SwiftShader): `--device auto` skips it. */
  readonly software?: boolean;
}

/** Every Vulkan driver (as `--device webgpu` runs), or the hardware ones only (what `--device auto` accepts). */
export type ProbeDrivers = 'any' | 'hardware';

// The smallest model that makes ONNX Runtime create the WebGPU provider: y = Relu(x), x float[1, 4].
function probeModel(): Uint8Array {
  const tensor = { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 4 }] } } };
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'interup',
    producerVersion: 'webgpu-probe',
    docString: '',
    metadataProps: [],
    graph: { name: 'probe', node: [{ input: ['x'], output: ['y'], name: 'relu', opType: 'Relu', attribute: [] }], initializer: [], input: [{ name: 'x', type: tensor }], output: [{ name: 'y', type: tensor }] },
  });
}

// The child's program: start a WebGPU session on the model (base64 in argv), print one JSON line.
const PROGRAM = `
const ort = await import(process.argv[1]);
try {
  const session = await ort.InferenceSession.create(Buffer.from(process.argv[2], 'base64'), { executionProviders: ['webgpu'] });
  await session.release();
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, message: String(error && error.message || error) }));
}`;

// "…webgpu_context.cc:136 … was false. Failed to get a WebGPU adapter: No supported adapters" → the sentence.
function tidy(message: string): string {
  const i = message.indexOf('Failed to ');
  return (i >= 0 ? message.slice(i) : message).split('\n')[0].trim();
}

/** Dawn's warnings from stderr ("Warning: Vulkan shaderUniform*ArrayDynamicIndexing required."). */
export function dawnWarnings(stderr: string): string[] {
  return [...stderr.matchAll(/^Warning: (.+)$/gm)].map((m) => m[1].trim());
}

const cached = new Map<ProbeDrivers, Promise<WebgpuProbe>>();

/** Starts the WebGPU provider in a child process (once per process and kind) and says whether it found an adapter, and which. */
export function probeWebgpu(drivers: ProbeDrivers = 'any'): Promise<WebgpuProbe> {
  let probe = cached.get(drivers);
  if (!probe) {
    probe = drivers === 'hardware' ? probeHardware() : probeAny();
    cached.set(drivers, probe);
  }
  return probe;
}

function names(icds: readonly VulkanIcd[]): string {
  return icds.map((i) => i.library.split('/').pop() ?? i.library).join(', ');
}

// With the hardware drivers only: a software adapter can never be the answer.
async function probeHardware(): Promise<WebgpuProbe> {
  const icds = vulkanIcds();
  const hardware = icds.filter((i) => !i.software);
  const software = icds.filter((i) => i.software);
  if (hardware.length === 0) return { ok: false, reason: `no hardware Vulkan driver is installed${software.length ? ` (only the software ${names(software)})` : ''}` };
  const env = icdEnv(hardware);
  const started = await startProvider(env);
  if (!started.ok) return started;
  const { adapter, reason } = hardwareAdapter(await vulkaninfo(env));
  if (reason) return { ok: false, reason };
  return { ok: true, adapter, software: false };
}

// With every driver, as ONNX Runtime in this process sees them. Dawn takes a GPU before a CPU renderer, so
// when the hardware drivers alone start it, that is the adapter; otherwise only a software one started.
async function probeAny(): Promise<WebgpuProbe> {
  const started = await startProvider(process.env);
  if (!started.ok) return started;
  const hardware = await probeWebgpu('hardware');
  if (hardware.ok) return hardware;
  const listed = pickAdapter((await vulkaninfo(process.env)).filter(isSoftwareAdapter));
  const icd = vulkanIcds().find((i) => i.software);
  return { ok: true, adapter: listed ?? (icd ? adapterFromIcd(icd) : undefined), software: true };
}

// The devices vulkaninfo lists with these drivers; empty when it is not installed.
async function vulkaninfo(env: NodeJS.ProcessEnv): Promise<VulkanAdapter[]> {
  try {
    return parseVulkaninfo((await runProcess('vulkaninfo', ['--summary'], { env, timeoutMs: 30_000 })).stdout);
  } catch {
    return [];
  }
}

async function startProvider(env: NodeJS.ProcessEnv): Promise<WebgpuProbe> {
  let ortUrl: string;
  try {
    ortUrl = pathToFileURL(createRequire(import.meta.url).resolve('onnxruntime-node')).href;
  } catch {
    return { ok: false, reason: 'onnxruntime-node is not installed' };
  }
  const model = Buffer.from(probeModel()).toString('base64');
  let stdout: string;
  let stderr = '';
  try {
    ({ stdout, stderr } = await runProcess(process.execPath, ['--input-type=module', '-e', PROGRAM, ortUrl, model], { env, timeoutMs: 120_000 }));
  } catch (error) {
    return { ok: false, reason: `the WebGPU provider's start crashed its process: ${(error as Error).message.split('\n')[0]}` };
  }
  const line = stdout.trim().split('\n').pop() ?? '';
  let answer: { ok: boolean; message?: string };
  try {
    answer = JSON.parse(line) as { ok: boolean; message?: string };
  } catch {
    return { ok: false, reason: `the WebGPU probe printed no answer (${line.slice(0, 200)})` };
  }
  if (answer.ok) return { ok: true };
  const dawn = dawnWarnings(stderr);
  return { ok: false, reason: `${tidy(answer.message ?? 'unknown error')}${dawn.length ? ` (Dawn: ${dawn.join('; ')})` : ''}` };
}
