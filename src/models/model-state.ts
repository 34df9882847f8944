// What the cache holds for a model: ok, missing, or damaged (and which file), without a network call.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../util/index.js';
import type { ModelEntry } from './catalog.js';

export type ModelState = 'ok' | 'missing' | 'damaged';

export interface ModelStatus {
  readonly name: string;
  readonly state: ModelState;
  readonly dir: string;
  /** One line per problem found (file absent, wrong size, wrong sha256). */
  readonly problems: readonly string[];
}

/** The folder a model's files go in (a sample clip's: under `samples/`, apart from the models). */
export function modelDir(modelsDir: string, entry: ModelEntry): string {
  return entry.kind === 'sample' ? join(modelsDir, 'samples', entry.name) : join(modelsDir, entry.name);
}

/** Checks presence and sizes (cheap); with `deep`, also every file's sha256. */
export async function modelStatus(modelsDir: string, entry: ModelEntry, options: { deep?: boolean } = {}): Promise<ModelStatus> {
  const dir = modelDir(modelsDir, entry);
  if (!existsSync(dir)) return { name: entry.name, state: 'missing', dir, problems: [] };
  const problems: string[] = [];
  for (const file of entry.files) {
    const path = join(dir, file.name);
    if (!existsSync(path)) {
      problems.push(`${file.name} is missing`);
      continue;
    }
    const size = statSync(path).size;
    if (size !== file.size) {
      problems.push(`${file.name} has ${size} bytes, expected ${file.size}`);
      continue;
    }
    if (options.deep && (await sha256Of(path)) !== file.sha256) problems.push(`${file.name} has the wrong sha256`);
  }
  return { name: entry.name, state: problems.length === 0 ? 'ok' : 'damaged', dir, problems };
}

/** sha256 (hex) of a file, streamed. */
export async function sha256Of(path: string): Promise<string> {
  return (await sha256File(path)).sha256;
}
