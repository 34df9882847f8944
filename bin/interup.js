#!/usr/bin/env node
// Entry point: runs the compiled CLI when dist/ is current, else the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { buildIsCurrent } from './build-stamp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
// dist/ answers only while it was built from the sources as they are (bin/build-stamp.js): after a `git
// pull` or an edit without `npm run build`, the sources run instead. INTERUP_FROM_SOURCE=1 (the test suite
// sets it) always runs the sources.
if (process.env.INTERUP_FROM_SOURCE !== '1' && buildIsCurrent(root)) {
  await import(pathToFileURL(built).href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    const why = existsSync(built) ? 'the build in dist/ is older than the sources in src/' : 'there is no build in dist/';
    process.stderr.write(`interup: error: ${why}, and tsx (which runs the sources) is not installed. Run: cd ${root} && npm run build\n`);
    process.exit(1);
  }
  tsx.register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
