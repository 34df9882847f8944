// `interup doctor` run as a user runs it: real ffmpeg, real ONNX Runtime, the real model cache.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../src/process/index.js';
import type { GpuCheckReport } from '../../src/diagnostics/index.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { anyNumber, anyString, stringContaining } from '../helpers/matchers.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const SECRET = 'doctor-test-secret-9f8e7d';

async function doctor(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return runProcess(process.execPath, [CLI, 'doctor', ...args], { env: { ...process.env, AWS_SECRET_ACCESS_KEY: SECRET, B2_APPLICATION_KEY: SECRET, ...env }, timeoutMs: 120_000 });
}

interface Report {
  node: { version: string };
  onnxruntime: { version: string; providers: Array<{ name: string; available: boolean; reason?: string; adapter?: string }> };
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
    expect(report.onnxruntime.providers.map((p) => p.name)).toEqual(['tensorrt', 'cuda', 'webgpu', 'cpu']);
    expect(report.onnxruntime.providers.find((p) => p.name === 'cpu')).toMatchObject({ available: true, adapter: anyString() });
    for (const p of report.onnxruntime.providers) if (!p.available) expect(p.reason).toBeTruthy();
    // This machine's WebGPU was started for real: Dawn finds no adapter on Mesa's software Vulkan, and says why.
    const webgpu = report.onnxruntime.providers.find((p) => p.name === 'webgpu');
    expect(webgpu?.available).toBe(false);
    expect(webgpu?.reason).toMatch(/^no WebGPU adapter: Failed to get a WebGPU adapter: No supported adapters \(Dawn: .+\); this box has no hardware Vulkan device/);
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

describe('interup doctor --check (the GPU check, here without a GPU)', () => {
  it('says no GPU was found, runs the CPU rows, and gives every other provider the reason it did not start', async () => {
    const tmp = makeTempDir();
    try {
      const clip = await footage('motion.mov');
      const json = join(tmp.dir, 'check.json');
      const { stdout } = await doctor(['--check', '--quick', '--input', clip, '--out', json, '--models-dir', TEST_MODELS_DIR]);
      const report = JSON.parse(readFileSync(json, 'utf8')) as GpuCheckReport;
      expect(report.gpuFound).toBe(false);
      expect(report.note).toMatch(/^no GPU found/);
      const cpu = report.rows.filter((r) => r.provider === 'cpu');
      expect(cpu.map((r) => `${r.task} ${r.size}`)).toEqual(['rife 128x72', 'rife 64x36', 'upscale 64x36']);
      for (const r of cpu) expect(r).toMatchObject({ started: true, maxAbsDiff: 0, withinGoal: true, fps: anyNumber() });
      const webgpu = report.rows.filter((r) => r.provider === 'webgpu');
      expect(webgpu.length).toBeGreaterThan(0);
      for (const r of webgpu) expect(r).toMatchObject({ started: false, error: stringContaining('Failed to get a WebGPU adapter') });
      expect(report.rows.find((r) => r.provider === 'cuda')?.error).toContain('libonnxruntime_providers_cuda.so');
      expect(report.rows.find((r) => r.provider === 'ncnn-vulkan')?.error).toContain('no hardware Vulkan device');
      // The table a person reads says the same.
      expect(stdout).toMatch(/^note\s+no GPU found/m);
      expect(stdout).toMatch(/^rife\s+cpu\s+fp32\s+128x72\s+[\d.]+\s+0\s+0\.000\s+-\s+ok$/m);
      expect(stdout).toMatch(/^rife\s+webgpu\s+fp32\s+64x36 .*did not start: Failed to get a WebGPU adapter/m);
    } finally {
      tmp.cleanup();
    }
  });

  it('needs --input (exit 2, one sentence)', async () => {
    const error = await doctor(['--check']).then(() => undefined, (e: unknown) => e as { failure?: { exitCode?: number; stderrTail?: string } });
    expect(error?.failure?.exitCode).toBe(2);
    expect(error?.failure?.stderrTail).toContain('doctor --check needs --input');
  });
});
