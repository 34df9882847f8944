// One job's options: the batch's defaults under the job's own, where a default inherits only when it
// means something in the job's mode (a `targetFps` default is not passed to an upscale job, and the log
// says so), `null` on the job opts out of a default, and a job's own option that can never run in its
// mode is refused with its field path when the file loads.
import type { ProcessOptions } from '../pipeline/index.js';
import { ONLY_IN_MODES, type Mode } from '../settings/index.js';
import type { JobOptions, JobSpec } from './batch-schema.js';

export type ResolvedOptions = Omit<ProcessOptions, 'input' | 'output'>;

type Key = keyof JobOptions;

const WHY: Record<string, string> = {
  targetFps: 'mode upscale keeps the frame rate; remove it, or use mode interp or both',
  factor: 'mode upscale keeps the frame rate; remove it, or use mode interp or both',
  sceneDetect: 'scene cuts only matter when interpolating; remove it, or use mode interp or both',
  sceneThreshold: 'scene cuts only matter when interpolating; remove it, or use mode interp or both',
  dedup: 'repeated frames only matter when interpolating; remove it, or use mode interp or both',
  dedupMaxHold: 'repeated frames only matter when interpolating; remove it, or use mode interp or both',
  scale: 'mode interp does not upscale; remove it, or use mode upscale or both',
  upscaleModel: 'mode interp does not upscale; remove it, or use mode upscale or both',
  tile: 'mode interp does not upscale; remove it, or use mode upscale or both',
};

const applies = (key: string, mode: Mode): boolean => ONLY_IN_MODES[key]?.includes(mode) ?? true;

/** Merges `defaults` and one job; problems refuse the file, notes are logged when the batch starts. */
export function mergeJobOptions(defaults: JobOptions, job: JobSpec, index: number): { options: ResolvedOptions; problems: string[]; notes: string[] } {
  const where = `jobs[${index}]`;
  const { id: _id, input: _input, output: _output, ...own } = job;
  const problems: string[] = [];
  const notes: string[] = [];
  const mode: Mode = own.mode ?? (own.mode === null ? undefined : defaults.mode) ?? 'interp';
  const modeFrom = own.mode ? `${where}.mode` : defaults.mode && own.mode !== null ? 'from defaults.mode' : 'the default';
  for (const key of Object.keys(own) as Key[]) {
    if (own[key] !== null && own[key] !== undefined && !applies(key, mode)) {
      problems.push(`${where}.${key}: does not apply to mode ${mode} (${modeFrom}): ${WHY[key]}`);
    }
  }
  if (own.targetFps != null && own.factor != null) problems.push(`${where}: targetFps and factor exclude each other; give one`);
  const merged: JobOptions = {};
  const set = <K extends Key>(key: K, value: JobOptions[K]): void => {
    merged[key] = value;
  };
  for (const key of Object.keys(own) as Key[]) if (own[key] !== null && own[key] !== undefined) set(key, own[key] as JobOptions[typeof key]);
  for (const key of Object.keys(defaults) as Key[]) {
    if (own[key] !== undefined || defaults[key] === undefined) continue;
    if (!applies(key, mode)) {
      notes.push(`${where}: defaults.${key} does not apply to mode ${mode}; not inherited`);
    } else if ((key === 'targetFps' && own.factor != null) || (key === 'factor' && own.targetFps != null)) {
      notes.push(`${where}: its own ${key === 'targetFps' ? 'factor' : 'targetFps'} replaces defaults.${key}`);
    } else {
      set(key, defaults[key]);
    }
  }
  const { mode: _mode, prefer, targetFps, ...rest } = merged;
  return { options: { ...rest, mode, prefer: prefer ?? 'auto', targetFps }, problems, notes };
}
