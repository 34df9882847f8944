// Restart-safe watchdog state: a small JSON file written atomically after every check.
//
// What survives a restart, and why it is safe:
// - startedAt / lastActivityAt: the max-runtime and idle clocks do not restart when the watchdog does
//   (unless it was gone for more than 15 minutes: then it is a new session).
// - the confirm window (streak, fingerprint, the checks): resumed only when the previous process checked
//   at most `resumeGapMs` ago. The next check must still see the same fingerprint (same names, sizes,
//   digests, etags) to extend the streak, so a change during the gap resets it; a longer gap starts the
//   window over (costs at most confirm × interval, never a false stop).
// - acted: after a real, confirmed stop, the same result never triggers another stop on a later boot (a
//   box the user starts again is not stopped again for old work); a new result or a cap still does. On
//   the boot that was stopped it does not hold: a watchdog running there means the stop did not take.
// - dryRun: a rehearsal's state is never resumed by a real run (nor the other way round), and a dry run
//   never sets the latch: a rehearsal must not change what the real watchdog does.
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
  acted: z.object({ at: z.string(), reason: z.string(), fingerprint: z.string(), boot: z.string().optional() }).optional(),
  /** Written by a dry run (absent in states from before dry runs were told apart: real). */
  dryRun: z.boolean().optional(),
});
export type MonitorState = z.infer<typeof StateSchema>;

export type Resumed = 'fresh' | 'window' | 'clocks' | 'after-stop';

/** A watchdog gone longer than this (a reboot takes minutes) left no session to resume: yesterday's run
 *  must not make today's --max-runtime fire at once. */
const SESSION_GAP_MS = 15 * 60_000;

/** A brand-new state. */
export function freshState(runKey: string, now: number, dryRun = false): MonitorState {
  return { kind: 'interup.monitor-state', version: 1, runKey, dryRun, startedAt: now, lastActivityAt: now, lastCheckAt: 0, checks: 0, streak: 0, fingerprint: '', window: [] };
}

export interface LoadContext {
  /** The watch's identity (the detector's description): a state of another watch is not resumed. */
  runKey: string;
  now: number;
  /** A confirm window is resumed only if the last check is at most this old. */
  resumeGapMs: number;
  /** This start of the box (see boot.ts). */
  boot: string;
  dryRun: boolean;
}

// The stop latch to keep, with a note on why one was dropped.
function keepLatch(acted: MonitorState['acted'], boot: string): { acted: MonitorState['acted']; note?: string } {
  if (!acted) return { acted };
  if (!acted.boot) return { acted: undefined, note: `the stop recorded at ${acted.at} carries no boot id (an older interup, or not a confirmed stop): it does not latch` };
  if (acted.boot === boot) {
    return { acted: undefined, note: `the box was stopped at ${acted.at} (reason=${acted.reason}) but this is the same boot: the stop did not take effect, so the result may stop it again` };
  }
  return { acted, note: `the box was stopped at ${acted.at} (reason=${acted.reason}) and has been started again since (new boot): the same result will not stop it again` };
}

/** Loads the state at `path` and decides how much of it to trust (see the file comment). */
export function loadState(path: string | undefined, context: LoadContext): { state: MonitorState; resumed: Resumed; note: string } {
  const { runKey, now, resumeGapMs, boot, dryRun } = context;
  const fresh = (): MonitorState => freshState(runKey, now, dryRun);
  if (!path) return { state: fresh(), resumed: 'fresh', note: 'no state file' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { state: fresh(), resumed: 'fresh', note: `no usable state at ${path}` };
  }
  const parsed = StateSchema.safeParse(raw);
  if (!parsed.success || parsed.data.runKey !== runKey) {
    return { state: fresh(), resumed: 'fresh', note: `state at ${path} belongs to another watch; starting over` };
  }
  if ((parsed.data.dryRun ?? false) !== dryRun) {
    const other = dryRun ? 'a real watchdog' : 'a dry run';
    return { state: fresh(), resumed: 'fresh', note: `state at ${path} was written by ${other}; ${dryRun ? 'a dry run' : 'a real watchdog'} never resumes it; starting over` };
  }
  const latch = keepLatch(parsed.data.acted, boot);
  const old: MonitorState = { ...parsed.data, dryRun, acted: latch.acted };
  const said = latch.note ? `${latch.note}; ` : '';
  // The first start after a stop, on a new boot, begins a new session (new clocks); a restart within that session resumes.
  if (old.acted && old.lastCheckAt <= Date.parse(old.acted.at)) {
    return { state: { ...fresh(), acted: old.acted }, resumed: 'after-stop', note: `${said}new session` };
  }
  const gap = now - old.lastCheckAt;
  if (gap <= resumeGapMs) {
    return { state: old, resumed: 'window', note: `${said}resuming: last check ${gap} ms ago, streak ${old.streak} kept (it still needs the same fingerprint)` };
  }
  if (gap > SESSION_GAP_MS) {
    return {
      state: { ...fresh(), checks: old.checks, acted: old.acted },
      resumed: 'fresh',
      note: `${said}last check was ${Math.round(gap / 60_000)} min ago: a new session (new runtime and idle clocks)`,
    };
  }
  return {
    state: { ...old, streak: 0, fingerprint: '', window: [] },
    resumed: 'clocks',
    note: `${said}last check was ${gap} ms ago (> ${resumeGapMs} ms): the confirm window starts over; runtime and idle clocks kept`,
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
