// Checks one local file: its size; for a media file, that it is whole (and matches interup's report
// beside it); and its SHA-256 against what a sidecar or manifest says it must be.
import { readFile, stat } from 'node:fs/promises';
import { sha256File } from '../storage/index.js';
import { isInterupTempName } from '../util/index.js';
import { probeVerdict, reportVerdict } from './media-check.js';
import type { ItemCheck } from './types.js';

/** Names of files still being written (a copy or an upload in progress, interup's own temp output). */
export function isInProgressName(name: string): boolean {
  return /\.(tmp|temp|part|partial|crdownload|download)$/i.test(name) || name.endsWith('~') || isInterupTempName(name);
}

/** Names that are never a finished result: in-progress files, hidden files, and metadata next to results
 *  (checksum sidecars, result manifests, reports). */
export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') || isInProgressName(name) || /\.(sha256|swp)$/i.test(name) || /\.(manifest|report)\.json$/i.test(name);
}

/** Reads the hex digest from a `.sha256` sidecar ("<hex>" or "<hex>  <name>", as sha256sum writes). */
export async function readSidecar(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return /\b([0-9a-f]{64})\b/i.exec(text)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

// sha256 is costly for big videos: remember it per (path, size, mtime).
const digestCache = new Map<string, string>();

/** Hashes the file unless the same (path, size, mtime) was hashed before. */
async function cachedSha256(path: string, size: number, mtimeMs: number, signal?: AbortSignal): Promise<string> {
  const key = `${path}\0${size}\0${mtimeMs}`;
  const known = digestCache.get(key);
  if (known) return known;
  const { sha256 } = await sha256File(path, signal);
  if (digestCache.size > 1000) digestCache.clear();
  digestCache.set(key, sha256);
  return sha256;
}

export interface FileExpectation {
  size?: number;
  sha256?: string;
  /** Where the expected checksum came from, for the check name: "sha256-sidecar" or "manifest". */
  source?: string;
  /** Prove the file is a whole media file (probe as a container, decode its end). */
  probe?: boolean;
  /** interup's `<name>.report.json` beside it: the probe must match it. */
  reportPath?: string;
}

/** Checks one file; `mtimeMs` is returned so the caller can fingerprint it. The check name lists every
 *  test that ran, in the order they run, e.g. "file:size+sha256-sidecar+probe+report". */
export async function checkFile(path: string, expectation: FileExpectation, signal?: AbortSignal): Promise<ItemCheck & { mtimeMs?: number }> {
  const parts = ['size'];
  const probe = expectation.probe || expectation.reportPath !== undefined;
  if (expectation.sha256) parts.push(`sha256-${expectation.source ?? 'manifest'}`);
  if (probe) parts.push('probe');
  if (expectation.reportPath) parts.push('report');
  const check = `file:${parts.join('+')}`;
  const base = { target: path, check, expectedSize: expectation.size, expectedSha256: expectation.sha256 };
  let info;
  try {
    info = await stat(path);
  } catch {
    return { ...base, outcome: 'fail', reason: 'file does not exist' };
  }
  if (!info.isFile()) return { ...base, outcome: 'fail', reason: 'not a regular file' };
  const found = { ...base, size: info.size, mtimeMs: info.mtimeMs };
  if (info.size === 0) return { ...found, outcome: 'fail', reason: 'file is empty' };
  if (expectation.size !== undefined && info.size !== expectation.size) {
    return { ...found, outcome: 'fail', reason: `size ${info.size} != expected ${expectation.size}` };
  }
  const passed: string[] = [];
  let sha256: string | undefined;
  if (expectation.sha256) {
    sha256 = await cachedSha256(path, info.size, info.mtimeMs, signal);
    if (sha256 !== expectation.sha256.toLowerCase()) {
      return { ...found, sha256, outcome: 'fail', reason: `sha256 ${sha256} != expected ${expectation.sha256}` };
    }
    passed.push(`sha256 matches the ${expectation.source ?? 'manifest'}`);
  }
  if (probe) {
    const media = await probeVerdict(path, info.size, info.mtimeMs, signal);
    if (!media.ok || !media.probe) return { ...found, sha256, outcome: 'fail', reason: media.reason };
    passed.push(media.reason);
    if (expectation.reportPath) {
      const report = await reportVerdict(expectation.reportPath, media.probe);
      if (!report.ok) return { ...found, sha256, outcome: 'fail', reason: report.reason };
      passed.push(report.reason);
    }
  }
  if (passed.length === 0) passed.push('final name, non-empty (stability is judged across checks)');
  return { ...found, sha256, outcome: 'pass', reason: passed.join('; ') };
}
