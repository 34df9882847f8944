// The rife-ncnn-vulkan binary shipped in the model's tarball: how to run it, and which Vulkan devices it
// sees. Every start goes through the one spawn helper (argument arrays, timeout, AbortSignal).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '../../media/index.js';
import { runProcess } from '../../process/index.js';
import { parseNcnnDevices, type VulkanDevice } from './vulkan-devices.js';

export const BINARY = 'rife-ncnn-vulkan';

export interface BinaryOptions {
  /** Folder holding flownet.param/.bin and the binary (its name must contain "rife-v4.6"). */
  modelDir: string;
  /** Vulkan device index, or -1 for ncnn's CPU path. */
  gpu: number;
  threads: number;
  /** Kill a run after this long (default 10 minutes). */
  timeoutMs?: number;
}

/** Runs the binary with the model, device and thread options plus `args`; returns its stderr. */
export async function runBinary(options: BinaryOptions, args: readonly string[], signal?: AbortSignal): Promise<string> {
  const result = await runProcess(
    join(options.modelDir, BINARY),
    [...args, '-m', options.modelDir, '-g', String(options.gpu), '-j', `1:${options.threads}:1`],
    { signal, timeoutMs: options.timeoutMs ?? 600_000 },
  );
  return result.stderr;
}

/** Vulkan devices as the binary sees them (it prints them on every start); empty when it cannot start. */
export async function probeNcnnDevices(modelDir: string): Promise<{ devices: VulkanDevice[]; error?: string }> {
  try {
    const result = await runProcess(join(modelDir, BINARY), ['-h'], { timeoutMs: 30_000 });
    const devices = parseNcnnDevices(result.stderr);
    if (devices.length > 0) return { devices };
  } catch {
    // -h exits non-zero on some builds; probe with a real 32x32 run below.
  }
  const dir = mkdtempSync(join(tmpdir(), 'interup-ncnn-probe-'));
  try {
    const png = encodePng({ width: 32, height: 32, format: 'rgb24', data: Buffer.alloc(32 * 32 * 3) }, { fast: true });
    writeFileSync(join(dir, 'a.png'), png);
    const stderr = await runBinary({ modelDir, gpu: -1, threads: 1 }, ['-0', join(dir, 'a.png'), '-1', join(dir, 'a.png'), '-o', join(dir, 'o.png')]);
    return { devices: parseNcnnDevices(stderr) };
  } catch (error) {
    return { devices: [], error: (error as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
