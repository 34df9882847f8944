// Restart-safe watchdog state: a small JSON file written atomically after every check.
//
// What survives a restart, and why it is safe:
// - startedAt / lastActivityAt: the max-runtime and idle clocks do not restart when the watchdog does
//   (unless it was gone for more than 15 minutes: then it is a new session).
// - the confirm window (streak, fingerprint, the checks): resumed only when the previous process checked
//   at most `resumeGapMs` ago. The next check must still see the same fingerprint (same names, sizes,
//   digests, etags) to extend the streak, so a change during the gap resets it; a longer gap starts the
//   window over (costs at most confirm × interval, never a false stop).
// - acted: after a confirmed stop, the same result never triggers another stop (a box the user restarts
//   on purpose is not stopped again for old work); a new result or a cap still does.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const ItemSchema = z.object({
  target: z.string(),
  check: z.string(),
  outcome: z.enum(['pass', 'fail', 'config-error', 'transient-error']),
  reason: z.string(),
  size: z.number().optional(),
  expectedSize: z.number().optional(),
  sha256: z.string().optional(),
  expectedSha256: z.string().optional(),
  etag: z.string().optional(),
  etagKind: z.enum(['md5', 'multipart', 'opaque', 'missing']).optional(),
});

const StateSchema = z.object({
  kind: z.literal('interup.monitor-state'),
  version: z.literal(1),
  runKey: z.string(),
  startedAt: z.number(),
  lastActivityAt: z.number(),
  lastCheckAt: z.number(),
  checks: z.number().int(),
  streak: z.number().int(),
  fingerprint: z.string(),
  window: z.array(z.object({ check: z.number(), at: z.string(), pid: z.number(), items: z.array(ItemSchema) })),
  acted: z.object({ at: z.string(), reason: z.string(), fingerprint: z.string() }).optional(),
});
export type MonitorState = z.infer<typeof StateSchema>;

export type Resumed = 'fresh' | 'window' | 'clocks' | 'after-stop';

/** A watchdog gone longer than this (a reboot takes minutes) left no session to resume: yesterday's run
 *  must not make today's --max-runtime fire at once. */
const SESSION_GAP_MS = 15 * 60_000;

/** A brand-new state. */
export function freshState(runKey: string, now: number): MonitorState {
  return { kind: 'interup.monitor-state', version: 1, runKey, startedAt: now, lastActivityAt: now, lastCheckAt: 0, checks: 0, streak: 0, fingerprint: '', window: [] };
}

/** Loads the state at `path` and decides how much of it to trust (see the file comment). */
export function loadState(path: string | undefined, runKey: string, now: number, resumeGapMs: number): { state: MonitorState; resumed: Resumed; note: string } {
  if (!path) return { state: freshState(runKey, now), resumed: 'fresh', note: 'no state file' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { state: freshState(runKey, now), resumed: 'fresh', note: `no usable state at ${path}` };
  }
  const parsed = StateSchema.safeParse(raw);
  if (!parsed.success || parsed.data.runKey !== runKey) {
    return { state: freshState(runKey, now), resumed: 'fresh', note: `state at ${path} belongs to another watch; starting over` };
  }
  const old: MonitorState = parsed.data;
  // The first start after a stop begins a new session (new clocks); a restart within that session resumes.
  if (old.acted && old.lastCheckAt <= Date.parse(old.acted.at)) {
    return {
      state: { ...freshState(runKey, now), acted: old.acted },
      resumed: 'after-stop',
      note: `this watchdog already acted at ${old.acted.at} (reason=${old.acted.reason}); the same result will not stop the box again`,
    };
  }
  const gap = now - old.lastCheckAt;
  if (gap <= resumeGapMs) {
    return { state: old, resumed: 'window', note: `resuming: last check ${gap} ms ago, streak ${old.streak} kept (it still needs the same fingerprint)` };
  }
  if (gap > SESSION_GAP_MS) {
    return {
      state: { ...freshState(runKey, now), checks: old.checks },
      resumed: 'fresh',
      note: `last check was ${Math.round(gap / 60_000)} min ago: a new session (new runtime and idle clocks)`,
    };
  }
  return {
    state: { ...old, streak: 0, fingerprint: '', window: [] },
    resumed: 'clocks',
    note: `last check was ${gap} ms ago (> ${resumeGapMs} ms): the confirm window starts over; runtime and idle clocks kept`,
  };
}

/** Writes the state atomically (temp file + rename), so a kill mid-write leaves the old state intact.
 *  Throws on I/O errors; the loop treats persistence as best effort. */
export function saveState(path: string | undefined, state: MonitorState): void {
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
