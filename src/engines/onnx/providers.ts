// Which ONNX Runtime execution providers this install can use, and which one a --device request gets.
// CUDA/TensorRT count only when their provider libraries sit next to the binding (onnxruntime-node's
// install script downloads them on networked linux/x64 boxes) and an NVIDIA driver is present.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEVICES, type Device } from '../../settings/index.js';
import { InputError } from '../../util/errors.js';

// The --device values are defined once with the flag (src/settings): a new device is one word there.
export { DEVICES, type Device };

export interface ProviderInfo {
  readonly name: 'tensorrt' | 'cuda' | 'cpu';
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

/** Probes the providers (cheap: file checks only). */
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
  return [gpu('tensorrt'), gpu('cuda'), { name: 'cpu', available: true }];
}

/** The provider a --device request gets; 'auto' takes the best available. Throws for an unusable request. */
export function selectProvider(request: string, providers: readonly ProviderInfo[] = listProviders()): { provider: ProviderInfo['name']; why: string } {
  if (!(DEVICES as readonly string[]).includes(request)) {
    throw new InputError('BAD_DEVICE', `Unknown --device ${JSON.stringify(request)}.`, { hint: `Use one of: ${DEVICES.join(', ')}.` });
  }
  if (request === 'auto') {
    const best = providers.find((p) => p.available);
    const skipped = providers.filter((p) => !p.available).map((p) => `${p.name}: ${p.reason}`);
    return { provider: best?.name ?? 'cpu', why: skipped.length ? `best available; skipped ${skipped.join('; ')}` : 'best available' };
  }
  const info = providers.find((p) => p.name === request);
  if (!info?.available) {
    throw new InputError('DEVICE_UNAVAILABLE', `--device ${request} is not available here: ${info?.reason ?? 'unknown provider'}.`, {
      hint: 'On a networked NVIDIA box reinstall without ONNXRUNTIME_NODE_INSTALL=skip so the CUDA/TensorRT providers download; `interup doctor` lists what exists. Or use --device cpu.',
    });
  }
  return { provider: info.name, why: 'requested' };
}
