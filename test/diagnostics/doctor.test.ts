// `interup doctor` run as a user runs it: real ffmpeg, real ONNX Runtime, the real model cache.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const SECRET = 'doctor-test-secret-9f8e7d';

async function doctor(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return runProcess(process.execPath, [CLI, 'doctor', ...args], { env: { ...process.env, AWS_SECRET_ACCESS_KEY: SECRET, B2_APPLICATION_KEY: SECRET, ...env }, timeoutMs: 120_000 });
}

interface Report {
  node: { version: string };
  onnxruntime: { version: string; providers: Array<{ name: string; available: boolean; reason?: string }> };
  ffmpeg: { version: string; hwEncoders: string[] };
  models: { dir: string; entries: Array<{ name: string; state: string }> };
  disk: Array<{ freeBytes?: number }>;
  vulkan: { devices: string[] };
  interpolation: { autoPick: string; candidates: Array<{ id: string; ok: boolean; reason?: string }> };
}

describe('interup doctor', () => {
  it('--json reports runtime, providers, ffmpeg, models, disk and the engine auto would pick', async () => {
    await realModel('rife-v4.6');
    const { stdout } = await doctor(['--json', '--models-dir', TEST_MODELS_DIR]);
    const report = JSON.parse(stdout) as Report;
    expect(report.node.version).toBe(process.version);
    expect(report.onnxruntime.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.onnxruntime.providers.find((p) => p.name === 'cpu')?.available).toBe(true);
    for (const p of report.onnxruntime.providers) if (!p.available) expect(p.reason).toBeTruthy();
    expect(report.ffmpeg.version).toMatch(/^\d/);
    expect(report.models.dir).toBe(TEST_MODELS_DIR);
    expect(report.models.entries.find((m) => m.name === 'rife-v4.6')?.state).toBe('ok');
    expect(report.disk[0].freeBytes).toBeGreaterThan(0);
    expect(report.vulkan.devices.length).toBeGreaterThan(0);
    expect(report.interpolation.autoPick).toBe('rife-onnx');
    expect(stdout).not.toContain(SECRET);
  });

  it('with an empty model cache says so, and that auto fetches on first run', async () => {
    const empty = makeTempDir();
    try {
      const { stdout } = await doctor(['--models-dir', empty.dir]);
      expect(stdout).toMatch(/rife-v4.6\s+missing/);
      expect(stdout).toContain('--prefer auto → rife-onnx after fetching rife-v4.6');
      expect(stdout).toContain('interup models fetch rife-v4.6');
      expect(stdout).not.toContain(SECRET);
    } finally {
      empty.cleanup();
    }
  });
});
