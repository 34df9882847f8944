#!/usr/bin/env node
// Entry point: runs the compiled CLI when built, else the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
// INTERUP_FROM_SOURCE=1 (the test suite sets it) runs the sources even when a build exists, so a stale
// dist/ can never answer for edited sources.
if (existsSync(built) && process.env.INTERUP_FROM_SOURCE !== '1') {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
