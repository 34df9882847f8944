// A result of a media type counts only when it proves it is whole (media/completeness: it opens as a
// whole container, every indexed packet is there, the last seconds decode) and, where interup wrote
// `<name>.report.json` beside it, when it is the file that report describes.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { checkMediaComplete, type MediaCompleteness } from '../media/index.js';

/** What `interup run` writes to `<output>.report.json` and the watchdog compares (the rest is ignored). */
const ReportSchema = z.object({
  framesOut: z.number().int().nonnegative(),
  durationOut: z.number().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  audio: z.boolean().optional(),
});

export interface MediaVerdict {
  ok: boolean;
  reason: string;
}

// Probing reads the whole file's packet list and decodes its end: remember it per (path, size, mtime).
const probeCache = new Map<string, MediaCompleteness>();

/** Probes `path` unless the same (path, size, mtime) was probed before. */
async function cachedProbe(path: string, size: number, mtimeMs: number, signal?: AbortSignal): Promise<MediaCompleteness> {
  const key = `${path}\0${size}\0${mtimeMs}`;
  const known = probeCache.get(key);
  if (known) return known;
  const result = await checkMediaComplete(path, signal);
  if (probeCache.size > 1000) probeCache.clear();
  probeCache.set(key, result);
  return result;
}

/** Checks that the file at `path` (of this size and mtime) is a whole media file. */
export async function probeVerdict(path: string, size: number, mtimeMs: number, signal?: AbortSignal): Promise<MediaVerdict & { probe?: MediaCompleteness & { complete: true } }> {
  const probe = await cachedProbe(path, size, mtimeMs, signal);
  if (!probe.complete) return { ok: false, reason: `not a whole media file: it ${probe.reason}` };
  const what = `${probe.stream} ${probe.frames} frames, ${probe.duration} s, last ${probe.tailFrames} frames decode`;
  return { ok: true, reason: `whole container (${what})`, probe };
}

/** Compares the probe with `<name>.report.json`: frame count, size, audio and (where stated) duration. */
export async function reportVerdict(reportPath: string, probe: MediaCompleteness & { complete: true }): Promise<MediaVerdict> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(reportPath, 'utf8'));
  } catch (error) {
    return { ok: false, reason: `${reportPath} cannot be read as JSON (${(error as Error).message}); remove it if it does not belong to this file` };
  }
  const parsed = ReportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `${reportPath} is not an interup run report (${parsed.error.issues[0]?.path.join('.') ?? 'shape'}); remove it if it does not belong to this file` };
  const report = parsed.data;
  const problems: string[] = [];
  if (probe.stream !== 'video') problems.push('the report describes a video but the file has none');
  if (report.framesOut !== probe.frames) problems.push(`${probe.frames} frames but the report says ${report.framesOut}`);
  if (report.width !== undefined && report.height !== undefined && (report.width !== probe.width || report.height !== probe.height)) {
    problems.push(`${probe.width}x${probe.height} but the report says ${report.width}x${report.height}`);
  }
  if (report.audio !== undefined && report.audio !== probe.audio) problems.push(report.audio ? 'no audio but the report says it has audio' : 'audio the report does not mention');
  const frame = report.framesOut > 0 ? report.durationOut / report.framesOut : 0;
  if (probe.streamDuration !== undefined && Math.abs(probe.streamDuration - report.durationOut) > frame + 1e-3) {
    problems.push(`its video lasts ${probe.streamDuration} s but the report says ${report.durationOut} s`);
  }
  if (problems.length > 0) return { ok: false, reason: `does not match ${reportPath}: ${problems.join('; ')}` };
  return { ok: true, reason: `matches its report (${report.framesOut} frames, ${report.durationOut} s)` };
}
