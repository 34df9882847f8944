// Which ONNX Runtime execution providers this install can use, and which ones a --device request tries.
// CUDA/TensorRT count only when their provider libraries sit next to the binding (onnxruntime-node's
// install script downloads them on networked linux/x64 boxes) and an NVIDIA driver is present. WebGPU
// (Dawn over the box's Vulkan driver) is bundled in the binding; whether an adapter exists only a real
// start can tell (webgpu-probe.ts), but a missing Vulkan loader or NVIDIA driver part is seen here.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEVICES, type Device } from '../../settings/index.js';
import { InputError } from '../../util/index.js';
import { nvidiaVulkanProblem, vulkanLoaderPresent } from './vulkan-driver.js';

// The --device values are defined once with the flag (src/settings): a new device is one word there.
export { DEVICES, type Device };
/** A provider: every --device but auto. */
export type ProviderName = Exclude<Device, 'auto'>;
/** The order --device auto tries providers in. */
export const PROVIDER_ORDER: readonly ProviderName[] = ['tensorrt', 'cuda', 'webgpu', 'cpu'];

export interface ProviderInfo {
  readonly name: ProviderName;
  /** Nothing seen here rules it out (a GPU provider may still fail to start: then the next one runs). */
  readonly available: boolean;
  /** Why not, when unavailable. */
  readonly reason?: string;
}

const require = createRequire(import.meta.url);

/** The folder holding onnxruntime-node's native binding and provider libraries. */
export function ortBinaryDir(): string | undefined {
  try {
    const root = dirname(require.resolve('onnxruntime-node/package.json'));
    const bin = join(root, 'bin');
    for (const napi of existsSync(bin) ? readdirSync(bin) : []) {
      const dir = join(bin, napi, process.platform, process.arch);
      if (existsSync(dir)) return dir;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The installed onnxruntime-node version, or undefined. */
export function ortVersion(): string | undefined {
  try {
    return (require('onnxruntime-node/package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}

let bundled: readonly string[] | undefined;

// The providers compiled into this onnxruntime-node build (loads the binding once).
function bundledBackends(): readonly string[] {
  if (!bundled) {
    try {
      const ort = require('onnxruntime-node') as { listSupportedBackends?: () => Array<{ name: string; bundled: boolean }> };
      bundled = (ort.listSupportedBackends?.() ?? []).filter((b) => b.bundled).map((b) => b.name);
    } catch {
      bundled = [];
    }
  }
  return bundled;
}

/** Probes the providers (cheap: file checks and the binding's own list). */
export function listProviders(): ProviderInfo[] {
  const dir = ortBinaryDir();
  const files = dir ? readdirSync(dir) : [];
  const driver = existsSync('/proc/driver/nvidia/version') || existsSync('/dev/nvidiactl');
  const gpu = (name: 'tensorrt' | 'cuda'): ProviderInfo => {
    const lib = `libonnxruntime_providers_${name}.so`;
    if (!files.includes(lib)) {
      return { name, available: false, reason: `${lib} is not installed (onnxruntime-node's install script fetches it on networked linux/x64; here it was skipped or failed)` };
    }
    if (!driver) return { name, available: false, reason: 'no NVIDIA driver found (/proc/driver/nvidia/version)' };
    return { name, available: true };
  };
  return [gpu('tensorrt'), gpu('cuda'), webgpu(), { name: 'cpu', available: true }];
}

function webgpu(): ProviderInfo {
  if (!bundledBackends().includes('webgpu')) {
    return { name: 'webgpu', available: false, reason: `this onnxruntime-node build (${ortVersion() ?? 'not installed'}, ${process.platform}/${process.arch}) has no WebGPU provider` };
  }
  if (!vulkanLoaderPresent()) return { name: 'webgpu', available: false, reason: 'no Vulkan loader (libvulkan.so.1) is installed: install libvulkan1 and the GPU vendor\'s Vulkan driver' };
  const nvidia = nvidiaVulkanProblem();
  if (nvidia) return { name: 'webgpu', available: false, reason: nvidia };
  return { name: 'webgpu', available: true };
}

export interface ProviderPlan {
  /** Providers to start, best first; in auto a provider that fails to start or run gives way to the next. */
  readonly providers: readonly ProviderName[];
  /** Providers auto passed over, and why. */
  readonly skipped: ReadonlyArray<{ provider: ProviderName; reason: string }>;
  /** The user named the provider: a failure stops the run instead of falling back. */
  readonly explicit: boolean;
}

/** The providers a --device request tries. Throws InputError for an unknown device or one that cannot be here. */
export function providerPlan(request: string, providers: readonly ProviderInfo[] = listProviders()): ProviderPlan {
  if (!(DEVICES as readonly string[]).includes(request)) {
    throw new InputError('BAD_DEVICE', `Unknown --device ${JSON.stringify(request)}.`, { hint: `Use one of: ${DEVICES.join(', ')}.` });
  }
  if (request === 'auto') {
    const byName = new Map(providers.map((p) => [p.name, p]));
    const usable = PROVIDER_ORDER.filter((name) => byName.get(name)?.available);
    const skipped = PROVIDER_ORDER.filter((name) => !byName.get(name)?.available).map((provider) => ({ provider, reason: byName.get(provider)?.reason ?? 'unknown provider' }));
    return { providers: usable.length > 0 ? usable : ['cpu'], skipped, explicit: false };
  }
  const info = providers.find((p) => p.name === request);
  if (!info?.available) {
    throw new InputError('DEVICE_UNAVAILABLE', `--device ${request} is not available here: ${info?.reason ?? 'unknown provider'}.`, {
      hint:
        request === 'webgpu'
          ? '`interup doctor` shows what is missing; or use --device auto to take the best provider that starts.'
          : 'On a networked NVIDIA box reinstall without ONNXRUNTIME_NODE_INSTALL=skip so the CUDA/TensorRT providers download; `interup doctor` lists what exists. Or use --device auto.',
    });
  }
  return { providers: [info.name], skipped: [], explicit: true };
}

/** The first provider a --device request tries, and why (kept for callers that want one name). */
export function selectProvider(request: string, providers: readonly ProviderInfo[] = listProviders()): { provider: ProviderName; why: string } {
  const plan = providerPlan(request, providers);
  const why = plan.explicit ? 'requested' : plan.skipped.length ? `best available; skipped ${plan.skipped.map((s) => `${s.provider}: ${s.reason}`).join('; ')}` : 'best available';
  return { provider: plan.providers[0], why };
}
