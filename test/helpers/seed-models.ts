// vitest globalSetup: the tests' model cache (.cache/models) takes what the user's own cache already holds
// (`interup demo` or `interup models fetch` put it in ~/.cache/interup/models), every file checked against
// its pinned sha256, instead of downloading the same tarballs again (360 MB). Runs in vitest's main
// process, which sees the user's environment (INTERUP_MODELS there is the user's cache, not the tests').
import { resolve } from 'node:path';
import { CATALOG, SAMPLES, copyVerifiedModel, modelStatus, resolveModelsDir, type ModelEntry } from '../../src/models/index.js';

export const TEST_MODELS = resolve(import.meta.dirname, '..', '..', '.cache', 'models');

/** Copies every model (and sample clip) the user's cache holds whole and the tests' cache lacks. */
export async function seedTestModels(userModels: string, testModels: string, entries: readonly ModelEntry[] = [...CATALOG, ...SAMPLES]): Promise<string[]> {
  const taken: string[] = [];
  if (resolve(userModels) === resolve(testModels)) return taken;
  for (const entry of entries) {
    if ((await modelStatus(testModels, entry)).state === 'ok') continue;
    if ((await modelStatus(userModels, entry)).state !== 'ok') continue;
    // Every sha256 is checked before anything is copied; a model that fails the check is left to the
    // test that needs it (it downloads it then).
    // A copy that fails (a full disk) only means the test downloads it.
    if (await copyVerifiedModel(entry, userModels, testModels).catch(() => undefined)) taken.push(entry.name);
  }
  return taken;
}

export default async function setup(): Promise<void> {
  await seedTestModels(resolveModelsDir(undefined, process.env).dir, TEST_MODELS);
}
