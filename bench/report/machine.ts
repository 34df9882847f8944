// What machine and code a report was measured on: CPU model, cores, memory, ONNX Runtime providers, GPU,
// ffmpeg, Node, the commit (and whether the work tree had changes), and the load average before and after.
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { listProviders, ortVersion } from '../../src/engines/index.js';
import { probeFfmpeg } from '../../src/media/index.js';
import { runProcess } from '../../src/process/index.js';
import { ROOT } from '../seed/interup-cli.js';

export interface MachineInfo {
  host: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  onnxruntime: string;
  /** Providers this install can start (e.g. ['cpu'], or ['tensorrt', 'cuda', 'cpu']). */
  providers: string[];
  gpu: string;
  ffmpeg: string;
  commit: string;
  dirty: boolean;
  loadBefore: number[];
  loadAfter?: number[];
}

async function git(args: string[]): Promise<string> {
  return (await runProcess('git', args, { cwd: ROOT }).then((r) => r.stdout, () => '')).trim();
}

async function gpuName(): Promise<string> {
  const out = await runProcess('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader']).then((r) => r.stdout.trim(), () => '');
  return out === '' ? 'none (no nvidia-smi)' : out.split('\n').join('; ');
}

function cpuModel(): string {
  const fromCpus = cpus()[0]?.model;
  if (fromCpus) return fromCpus.trim();
  const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return m ? m[1].trim() : 'unknown';
}

export async function machineInfo(): Promise<MachineInfo> {
  const ffmpeg = await probeFfmpeg();
  return {
    host: hostname(),
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    onnxruntime: ortVersion() ?? 'unknown',
    providers: listProviders().filter((p) => p.available).map((p) => p.name),
    gpu: await gpuName(),
    ffmpeg: ffmpeg.version ?? 'unknown',
    commit: (await git(['rev-parse', '--short=12', 'HEAD'])) || 'unknown',
    dirty: (await git(['status', '--porcelain', '--untracked-files=no'])) !== '',
    loadBefore: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
