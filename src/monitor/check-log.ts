// How checks appear in logs and in the STOPPING INSTANCE line.
import type { Logger } from '../util/index.js';
import type { ItemCheck, WindowCheck } from './types.js';

/** Logs every target of one check: target, size, sha256, etag + kind, which check, pass/fail and why. */
export function logItems(logger: Logger, checkNo: number, items: readonly ItemCheck[]): void {
  for (const item of items) {
    const fields = {
      check: item.check,
      size: item.size,
      expectedSize: item.expectedSize,
      sha256: item.sha256,
      expectedSha256: item.expectedSha256,
      etag: item.etag,
      etagKind: item.etagKind,
      why: item.reason,
    };
    const line = `check #${checkNo} ${item.outcome.toUpperCase()} ${item.target}`;
    if (item.outcome === 'config-error') {
      logger.error(`${line}: CONFIGURATION ERROR, neither absent nor verified; the watchdog will not stop on it. Fix the endpoint, credentials or checksum settings.`, fields);
    } else if (item.outcome === 'transient-error') logger.warn(line, fields);
    else logger.info(line, fields);
  }
}

/** Compact summary of the confirm window, e.g. "3/3[head:size+sha256-metadata×2]". */
export function summarizeWindow(window: readonly WindowCheck[], confirm: number, streak: number): string {
  const last = window.at(-1);
  const kinds = new Map<string, number>();
  for (const item of last?.items ?? []) kinds.set(item.check, (kinds.get(item.check) ?? 0) + 1);
  const parts = [...kinds].map(([check, n]) => `${check}×${n}`);
  return `${streak}/${confirm}[${parts.join(',') || 'none'}]`;
}
