// The confirm loop: check every interval, stop only after `confirm` consecutive passing checks that saw
// the very same thing, or when a cap (max runtime, idle timeout) fires. Never stops on a config error.
import { stat } from 'node:fs/promises';
import { describeError, type Logger } from '../util/index.js';
import { currentBootId } from './boot.js';
import { logItems, summarizeWindow } from './check-log.js';
import { realClock, type MonitorClock } from './clock.js';
import { loadState, saveState, type MonitorState } from './state.js';
import type { StopOutcome, Stopper } from './stoppers/types.js';
import type { Detector, Observation } from './types.js';

export interface MonitorOptions {
  detector: Detector;
  stopper: Stopper;
  logger: Logger;
  intervalMs: number;
  /** Consecutive passing checks (same fingerprint) needed before stopping. */
  confirm: number;
  /** Hard wall clock since the watchdog first started (kept across restarts). */
  maxRuntimeMs?: number;
  /** Stop when neither the heartbeat file nor what is watched changed for this long. */
  idleTimeoutMs?: number;
  /** A file the pipeline touches (mtime) while it makes progress. */
  heartbeatPath?: string;
  /** When the batch manifest reports failed jobs: stop once the rest is verified, or keep the box. */
  onFailure?: 'stop' | 'keep';
  /** Where the restart-safe state lives; none = nothing persisted. */
  statePath?: string;
  /** A restarted watchdog resumes its confirm window only if the last check is this recent (default max(2×interval, 10 s)). */
  resumeGapMs?: number;
  /** This start of the box (default: boot.ts); a stop latches only against later boots. */
  bootId?: string;
  /** Time and timers (default: the real ones); tests step it check by check. */
  clock?: MonitorClock;
  signal?: AbortSignal;
  /** Told the watchdog's state after every check and when it acts (the watch page). */
  onState?: (state: WatchdogState) => void;
}

/** Where the watchdog stands, for a person deciding whether to close the laptop. */
export interface WatchdogState {
  /** waiting: the result is not there; confirming: it is, checks are counting; stopping; stopped; not-confirmed: the stop failed. */
  phase: 'waiting' | 'confirming' | 'stopping' | 'stopped' | 'not-confirmed';
  /** What it waits for (the detector's description). */
  waitingFor: string;
  /** How it stops the box (the stopper's description). */
  stopper: string;
  dryRun: boolean;
  checks: number;
  streak: number;
  confirm: number;
  /** The last check's summary line. */
  summary: string;
  /** Each target of the last check that did not pass, and why. */
  missing: string[];
  lastCheckAt?: string;
  /** When --max-runtime stops the box at the latest. */
  stopsBy?: string;
  reason?: MonitorResult['reason'];
}

export interface MonitorResult {
  reason: 'verified' | 'batch-finished-with-failures' | 'idle-timeout' | 'max-runtime';
  checks: string;
  outcome: StopOutcome;
  state: MonitorState;
}

// The check as the loop sees it; a detector that throws counts as a transient failure, never as done.
async function observe(detector: Detector, logger: Logger, signal?: AbortSignal): Promise<Observation> {
  try {
    return await detector.check(signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    logger.warn(`check failed: ${describeError(error)}`);
    return { items: [], complete: false, fingerprint: 'error', configError: false, failedJobs: [], summary: `check failed: ${describeError(error)}` };
  }
}

// The heartbeat file's mtime, or 0 when there is none (yet).
async function mtimeMs(path: string | undefined): Promise<number> {
  if (!path) return 0;
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

// The state a person sees (the watch page): what is waited for, the confirm count, how and by when the box stops.
function watchdogState(options: MonitorOptions, state: MonitorState, last: Observation | undefined, phase: WatchdogState['phase'], reason?: MonitorResult['reason']): WatchdogState {
  return {
    phase,
    waitingFor: options.detector.description,
    stopper: options.stopper.description,
    dryRun: options.stopper.dryRun,
    checks: state.checks,
    streak: state.streak,
    confirm: options.confirm,
    summary: last?.summary ?? 'no check yet',
    missing: (last?.items ?? []).filter((i) => i.outcome !== 'pass').map((i) => `${i.target}: ${i.outcome}${i.reason ? `, ${i.reason}` : ''}`),
    lastCheckAt: state.lastCheckAt ? new Date(state.lastCheckAt).toISOString() : undefined,
    stopsBy: options.maxRuntimeMs === undefined ? undefined : new Date(state.startedAt + options.maxRuntimeMs).toISOString(),
    reason,
  };
}

/** Runs the watchdog until it has acted; resolves with why and what the stopper said. */
export async function runMonitor(options: MonitorOptions): Promise<MonitorResult> {
  const { detector, stopper, logger, intervalMs, confirm, signal } = options;
  const clock = options.clock ?? realClock;
  const boot = options.bootId ?? currentBootId();
  const { state, note } = loadState(options.statePath, {
    runKey: detector.description,
    now: clock.now(),
    resumeGapMs: options.resumeGapMs ?? Math.max(2 * intervalMs, 10_000),
    boot,
    dryRun: stopper.dryRun,
  });
  logger.info(`watchdog started: ${detector.description}; on completion: ${stopper.description}; every ${intervalMs / 1000} s, confirm ${confirm}`);
  logger.info(`state: ${note}`);
  if (stopper.preflight) logger.info(`preflight: ${await stopper.preflight(signal)}`);
  const said = new Set<string>();
  const once = (key: string, say: () => void): void => {
    if (!said.has(key)) say();
    said.add(key);
  };
  // Persisting is best effort: a full disk must not stop the watchdog from watching (or from stopping).
  const persist = (): void => {
    try {
      saveState(options.statePath, state);
    } catch (error) {
      once('persist', () => logger.warn(`cannot write the state file ${options.statePath}: ${describeError(error)}; a restart will start the window over`));
    }
  };

  let last: Observation | undefined;
  const tell = (phase: WatchdogState['phase'], reason?: MonitorResult['reason']): void => options.onState?.(watchdogState(options, state, last, phase, reason));

  const act = async (reason: MonitorResult['reason']): Promise<MonitorResult> => {
    const checks = summarizeWindow(state.window, confirm, state.streak);
    const at = new Date(clock.now()).toISOString();
    tell('stopping', reason);
    logger.info(`STOPPING INSTANCE ${at} reason=${reason} checks=${checks}${stopper.dryRun ? ' dry-run=true' : ''}`);
    const outcome = await stopper.stop({ reason, window: state.window, checks, at }, signal);
    // Only a real stop the provider confirmed latches (never a dry run's sentinel, never a failed stop),
    // and only against later boots of the box (see state.ts).
    if (!stopper.dryRun && !outcome.dryRun && outcome.confirmed) {
      state.acted = { at, reason, fingerprint: state.fingerprint, boot };
      persist();
    }
    logger.info(`${outcome.confirmed ? 'done' : 'NOT CONFIRMED'}: ${outcome.detail}`);
    tell(outcome.confirmed ? 'stopped' : 'not-confirmed', reason);
    return { reason, checks, outcome, state };
  };

  for (;;) {
    const started = clock.now();
    const obs = await observe(detector, logger, signal);
    const now = clock.now();
    state.checks++;
    logItems(logger, state.checks, obs.items);
    const pass = obs.complete && !obs.configError;
    if (obs.fingerprint !== state.fingerprint) state.lastActivityAt = now;
    const record = { check: state.checks, at: new Date(now).toISOString(), pid: process.pid, items: obs.items };
    if (pass && state.streak > 0 && obs.fingerprint === state.fingerprint) {
      state.streak++;
      state.window = [...state.window, record].slice(-confirm);
    } else if (pass) {
      state.streak = 1;
      state.window = [record];
    } else {
      state.streak = 0;
      state.window = [];
    }
    state.fingerprint = obs.fingerprint;
    state.lastCheckAt = now;
    persist();
    const verdict = pass ? `PASS ${state.streak}/${confirm}` : obs.configError ? 'CONFIG-ERROR' : 'WAIT';
    logger.info(`check #${state.checks} ${verdict}: ${obs.summary}`);
    last = obs;
    tell(pass ? 'confirming' : 'waiting');

    if (state.streak >= confirm) {
      if (state.acted && state.acted.fingerprint === obs.fingerprint) {
        once('acted', () => logger.warn(`this exact result already stopped the box at ${state.acted?.at}; not stopping again for it (delete ${options.statePath} to re-arm)`));
      } else if (obs.failedJobs.length > 0 && options.onFailure === 'keep') {
        once('keep', () => logger.warn(`batch finished with failed job(s) ${obs.failedJobs.join(', ')}; --on-failure keep: leaving the box running (caps still apply)`));
      } else {
        return act(obs.failedJobs.length > 0 ? 'batch-finished-with-failures' : 'verified');
      }
    }
    if (options.maxRuntimeMs !== undefined && now - state.startedAt >= options.maxRuntimeMs) {
      logger.warn(`max runtime ${options.maxRuntimeMs / 1000} s reached (watchdog started ${new Date(state.startedAt).toISOString()})`);
      return act('max-runtime');
    }
    if (options.idleTimeoutMs !== undefined) {
      const lastActivity = Math.max(state.lastActivityAt, await mtimeMs(options.heartbeatPath));
      if (now - lastActivity >= options.idleTimeoutMs) {
        logger.warn(`no progress for ${((now - lastActivity) / 1000).toFixed(1)} s (heartbeat ${options.heartbeatPath ?? 'none'}, nothing watched changed); idle timeout ${options.idleTimeoutMs / 1000} s`);
        return act('idle-timeout');
      }
    }
    // Checks start every interval (so time-to-stop stays within interval × (confirm + 1)); a slow check
    // still leaves at least half an interval before the next, so confirming observations never bunch up.
    await clock.sleep(Math.max(intervalMs - (clock.now() - started), intervalMs / 2), signal);
  }
}
