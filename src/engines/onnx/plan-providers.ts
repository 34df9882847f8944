// The providers an ONNX engine starts, with what only a start can tell added to providerPlan's file
// checks: in `--device auto` WebGPU stays only when a hardware adapter starts (a software one — lavapipe,
// SwiftShader — is skipped, and the log says so). One line then says which provider runs and why not the
// others: info on a box without a GPU (a normal place to run), warn when a GPU is there but no GPU provider
// can use it (the user has something to fix). Said once per logger: a run that starts the same engine again
// (the demo's montage after its run) repeats it only at debug level; a batch job logs through its own child
// logger, so each job says it again.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InterupError, type Logger } from '../../util/index.js';
import { providerPlan, type ProviderPlan } from './providers.js';
import type { DriverFiles } from './vulkan-driver.js';
import { probeWebgpu, type WebgpuProbe } from './webgpu-probe.js';

/** True when the box has a GPU the kernel drives: an NVIDIA driver, or a DRM render node (/dev/dri/renderD*). */
export function gpuPresent(files: DriverFiles = { root: '/', env: process.env }): boolean {
  if (existsSync(join(files.root, '/proc/driver/nvidia/version')) || existsSync(join(files.root, '/dev/nvidiactl'))) return true;
  const dri = join(files.root, '/dev/dri');
  return existsSync(dri) && readdirSync(dri).some((f) => f.startsWith('renderD'));
}

export interface PlanInputs {
  /** The WebGPU answer with hardware drivers only (default: the real probe). */
  readonly webgpu?: () => Promise<WebgpuProbe>;
  /** Whether a GPU is present (default: gpuPresent()). */
  readonly gpu?: boolean;
  /** providerPlan's input (default: listProviders()). */
  readonly providers?: Parameters<typeof providerPlan>[1];
}

/** providerPlan, then in auto WebGPU only on a hardware adapter; logs the choice once under `label`. */
export async function planProviders(device: string, label: string, logger: Logger, inputs: PlanInputs = {}): Promise<ProviderPlan> {
  const plan = providerPlan(device, inputs.providers);
  if (plan.explicit) return plan;
  const skipped = [...plan.skipped];
  let providers = plan.providers;
  if (providers.includes('webgpu')) {
    const probe = await (inputs.webgpu ?? (() => probeWebgpu('hardware')))();
    if (!probe.ok) {
      providers = providers.filter((p) => p !== 'webgpu');
      skipped.push({ provider: 'webgpu', reason: `no hardware adapter: ${probe.reason ?? 'unknown'}; auto never runs on a software adapter (lavapipe, SwiftShader), --device webgpu does` });
    }
  }
  const result: ProviderPlan = { providers, skipped, explicit: false };
  const gpu = inputs.gpu ?? gpuPresent();
  const why = skipped.map((s) => `${s.provider}: ${s.reason}`);
  if (providers[0] === 'cpu' && gpu) {
    sayOnce(logger, 'warn', `${label}: a GPU is present but no GPU provider can use it; running on the CPU`, why.join(' | '));
  } else {
    sayOnce(logger, 'info', `${label}: device ${providers[0]}${providers.length > 1 ? ` (then ${providers.slice(1).join(', ')} if it fails)` : ''}${skipped.length ? `; not ${skipped.map((s) => s.provider).join(', ')}` : ''}`, why.join(' | '));
  }
  return result;
}

// The device choices each logger has said (weakly held: a logger's set goes with it).
const said = new WeakMap<Logger, Set<string>>();

// Logs a device choice at `level` the first time this logger hears it, at debug after that.
function sayOnce(logger: Logger, level: 'info' | 'warn', msg: string, reason: string): void {
  const seen = said.get(logger) ?? new Set<string>();
  said.set(logger, seen);
  const key = `${msg}\n${reason}`;
  logger[seen.has(key) ? 'debug' : level](msg, { reason });
  seen.add(key);
}

/**
 * Before a WebGPU session starts: the probe's answer (auto asked with hardware drivers only, so this is
 * cached; a named --device webgpu takes any adapter). Throws WEBGPU_NO_ADAPTER without one; says so when
 * the adapter the user asked for is a software one.
 */
export async function webgpuReady(explicit: boolean, label: string, logger: Logger): Promise<void> {
  const probe = await probeWebgpu(explicit ? 'any' : 'hardware');
  if (!probe.ok) throw new InterupError('WEBGPU_NO_ADAPTER', probe.reason ?? 'no WebGPU adapter');
  const a = probe.adapter;
  const named = a ? `${a.name} (${a.vendor}, ${a.type}, ${a.driver})` : 'unknown adapter';
  if (probe.software) logger.info(`${label}: WebGPU runs on ${named}, a software renderer, because --device webgpu asked for it (expect it slower than --device cpu)`);
  else logger.info(`${label}: WebGPU adapter ${named}`);
}
