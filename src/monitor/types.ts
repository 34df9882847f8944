// The watchdog's vocabulary: what one check of one target saw, what a whole check concluded, the window.
import type { EtagKind } from '../storage/index.js';

/** pass: this target is exactly what we wait for; fail: not (yet); config-error: the server refused
 *  the question itself (neither absent nor verified); transient-error: could not ask, try again. */
export type ItemOutcome = 'pass' | 'fail' | 'config-error' | 'transient-error';

export interface ItemCheck {
  /** A file path or s3://bucket/key. */
  target: string;
  /** The exact check that ran, e.g. "head:size+sha256-metadata" or "file:size-stable+sha256-sidecar". */
  check: string;
  outcome: ItemOutcome;
  size?: number;
  expectedSize?: number;
  sha256?: string;
  expectedSha256?: string;
  etag?: string;
  etagKind?: EtagKind;
  /** Why it passed or failed, in words. */
  reason: string;
}

/** The result of one check of everything the detector watches. */
export interface Observation {
  items: ItemCheck[];
  /** Every expected target passed in this check. */
  complete: boolean;
  /** Identity of what was seen (names, sizes, checksums, etags): a change breaks the confirm streak. */
  fingerprint: string;
  /** The server refused a question (400/403): logged loudly, never counted as done. */
  configError: boolean;
  /** Jobs the batch manifest reports as failed (bucket/manifest mode only). */
  failedJobs: string[];
  /** Why this check is (not) complete, in words. */
  summary: string;
}

/** One check of the confirm window, as recorded in the state file and the dry-run sentinel. */
export interface WindowCheck {
  /** 1-based number of the check within this watchdog's life (across restarts). */
  check: number;
  at: string;
  pid: number;
  items: ItemCheck[];
}

/** Something that can tell whether the result is there. */
export interface Detector {
  /** e.g. "watch-dir /data/out (expect 1, pattern *.mp4)". */
  readonly description: string;
  check(signal?: AbortSignal): Promise<Observation>;
}
