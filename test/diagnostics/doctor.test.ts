// `interup doctor` run as a user runs it: real ffmpeg, real ONNX Runtime, the real model cache. The
// machine decides only which real path a check takes: WebGPU is started here as in the doctor's child
// (on a box without a GPU the test set-up's Mesa 25 lavapipe, a software adapter; on a GPU box its GPU),
// and each path is then held to what it must report. The choice logic itself is in adapters.test.ts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../src/process/index.js';
import type { GpuCheckReport } from '../../src/diagnostics/index.js';
import { probeWebgpu } from '../../src/engines/onnx/index.js';
import { probeNcnnDevices } from '../../src/engines/ncnn/index.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { anyNumber, anyString, stringContaining } from '../helpers/matchers.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const SECRET = 'doctor-test-secret-9f8e7d';

// Generous: with WebGPU on lavapipe the check's rows take minutes on a loaded 2-core machine.
async function doctor(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return runProcess(process.execPath, [CLI, 'doctor', ...args], { env: { ...process.env, AWS_SECRET_ACCESS_KEY: SECRET, B2_APPLICATION_KEY: SECRET, ...env }, timeoutMs: 580_000 });
}

interface Report {
  node: { version: string };
  onnxruntime: { version: string; providers: Array<{ name: string; available: boolean; reason?: string; adapter?: string; adapterInfo?: Record<string, string>; software?: boolean }> };
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
    // WebGPU was started for real: with an adapter it is named (name, vendor, type, driver) and a software
    // one is marked; without one the reason is Dawn's.
    const webgpu = report.onnxruntime.providers.find((p) => p.name === 'webgpu');
    const probe = await probeWebgpu('any');
    if (probe.ok) {
      expect(webgpu).toMatchObject({ available: true, adapter: anyString(), adapterInfo: { name: anyString(), vendor: anyString(), type: anyString(), driver: anyString() }, software: probe.software });
    } else {
      expect(webgpu?.available).toBe(false);
      expect(webgpu?.reason).toMatch(/^no WebGPU adapter: Failed to get a WebGPU adapter/);
    }
    expect(report.ffmpeg.version).toMatch(/^\d/);
    expect(report.models.dir).toBe(TEST_MODELS_DIR);
    expect(report.models.entries.find((m) => m.name === 'rife-v4.6')?.state).toBe('ok');
    expect(report.disk[0].freeBytes).toBeGreaterThan(0);
    expect(report.vulkan.devices.length).toBeGreaterThan(0);
    // The test run's only Vulkan device is Mesa's lavapipe: marked, with how to use it anyway.
    expect(report.vulkan.devices[0]).toMatch(/^0: llvmpipe .* \(software: skipped by auto; INTERUP_NCNN_GPU=0 uses it\)$/);
    expect(report.interpolation.autoPick).toBe('rife-onnx');
    expect(stdout).not.toContain(SECRET);
  });

  it('names the adapter WebGPU would use and says when auto skips it as software', async () => {
    const { stdout } = await doctor(['--models-dir', TEST_MODELS_DIR]);
    const probe = await probeWebgpu('any');
    const line = /^ {2}provider webgpu +(.+)$/m.exec(stdout)?.[1];
    if (!probe.ok) expect(line).toMatch(/^unavailable: no WebGPU adapter: /);
    else expect(line).toMatch(/^available \(.+; vendor .+, type .+, driver .+\)/);
    if (probe.ok && probe.software) expect(line).toMatch(/ — software: skipped by auto \(used only with --device webgpu\)$/);
    if (probe.ok && !probe.software) expect(line).not.toContain('software');
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

describe('interup doctor --check (the GPU check)', () => {
  it('runs the CPU rows, names the device of every row that ran, marks a software WebGPU adapter and the software device ncnn passed over, and gives every provider that did not start its reason', async () => {
    const tmp = makeTempDir();
    try {
      const clip = await footage('motion.mov');
      const json = join(tmp.dir, 'check.json');
      const { stdout } = await doctor(['--check', '--quick', '--input', clip, '--out', json, '--models-dir', TEST_MODELS_DIR]);
      const report = JSON.parse(readFileSync(json, 'utf8')) as GpuCheckReport;
      expect(report.note).toMatch(report.gpuFound ? /^GPU found/ : /^no GPU found/);
      const cpu = report.rows.filter((r) => r.provider === 'cpu');
      expect(cpu.map((r) => `${r.task} ${r.size}`)).toEqual(['rife 128x72', 'rife 64x36', 'upscale 64x36']);
      for (const r of cpu) expect(r).toMatchObject({ started: true, maxAbsDiff: 0, withinGoal: true, fps: anyNumber(), adapter: anyString(), software: false });
      for (const r of report.rows) {
        if (r.started) expect(r.adapter, `${r.task} ${r.provider} ${r.size}`).toBeTruthy();
        else expect(r.error, `${r.task} ${r.provider} ${r.size}`).toBeTruthy();
      }
      const webgpu = report.rows.filter((r) => r.provider === 'webgpu');
      expect(webgpu.length).toBeGreaterThan(0);
      const probe = await probeWebgpu('any');
      for (const r of webgpu) {
        if (probe.ok) expect(r).toMatchObject({ started: true, adapter: anyString(), software: probe.software });
        else expect(r).toMatchObject({ started: false, error: stringContaining('Failed to get a WebGPU adapter') });
        if (probe.ok && r.precision === 'fp32') expect(r.withinGoal, `${r.task} ${r.size}`).toBe(true);
      }
      if (!report.rows.some((r) => r.provider === 'cuda' && r.started)) expect(report.rows.find((r) => r.provider === 'cuda')?.error).toBeTruthy();
      // The table a person reads says the same.
      expect(stdout).toMatch(report.gpuFound ? /^note\s+GPU found/m : /^note\s+no GPU found/m);
      expect(stdout).toMatch(/^rife\s+cpu\s+fp32\s+128x72\s+[\d.]+\s+0\s+0\.000\s+-\s+ok; on .+$/m);
      if (probe.ok && probe.software) expect(stdout).toMatch(/^rife\s+webgpu\s+fp32\s+64x36 .* ok; on .+ \[SOFTWARE: not a GPU\]$/m);
      if (!probe.ok) expect(stdout).toMatch(/^rife\s+webgpu\s+fp32\s+64x36 .*did not start: Failed to get a WebGPU adapter/m);
      expect(report.rows.filter((r) => r.provider === 'webgpu').map((r) => r.precision)).not.toContain('fp16'); // --quick: fp32 only
      // ncnn-vulkan: a hardware device runs and is named; with only a software one (the test run's lavapipe)
      // the row names that device, marked, and says ncnn is never run on it.
      const ncnn = report.rows.filter((r) => r.provider.startsWith('ncnn-vulkan'));
      expect(ncnn.length).toBeGreaterThan(0);
      const soft = (await probeNcnnDevices(join(TEST_MODELS_DIR, 'rife-v4.6'))).devices;
      if (soft.length > 0 && soft.every((d) => d.software)) {
        for (const r of ncnn) expect(r).toMatchObject({ provider: 'ncnn-vulkan', started: false, adapter: soft[0].name, software: true, error: stringContaining('software renderer') });
        expect(stdout).toMatch(/^rife\s+ncnn-vulkan\s+fp16\s+64x36 .*did not start: skipped: .+; on .+ \[SOFTWARE: not a GPU\]$/m);
      }
      for (const r of ncnn.filter((x) => x.started)) expect(r).toMatchObject({ adapter: anyString(), software: false });
    } finally {
      tmp.cleanup();
    }
  }, 600_000);

  it('needs --input (exit 2, one sentence)', async () => {
    const error = await doctor(['--check']).then(() => undefined, (e: unknown) => e as { failure?: { exitCode?: number; stderrTail?: string } });
    expect(error?.failure?.exitCode).toBe(2);
    expect(error?.failure?.stderrTail).toContain('doctor --check needs --input');
  });
});
