// Whether dist/ was built from the sources as they are now. `npm run build` records the newest modification
// time under src/ (files and folders: a deleted or renamed file changes its folder's) just before tsc
// runs (`begin`) and keeps it once tsc succeeded (`end`); bin/interup.js runs dist/ only while nothing
// under src/ is newer. A `git pull`, a checkout or an edit without a rebuild all touch src/, so an old
// build never answers for new sources. Checking costs one stat per source file (~200) at start-up.
// `node bin/build-stamp.js check` exits 0 when the build is current (scripts/setup.sh skips the build then).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const stampFile = (root) => join(root, 'dist', '.build-stamp.json');
const pendingFile = (root) => join(root, 'dist', '.build-stamp.pending.json');

/** Newest modification time (ms) of src/ and of every file and folder under it. */
export function newestSource(root = ROOT) {
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

/** True when dist/ holds a finished build and nothing under src/ changed since it began. */
export function buildIsCurrent(root = ROOT) {
  try {
    const stamp = JSON.parse(readFileSync(stampFile(root), 'utf8'));
    return typeof stamp.newestSource === 'number' && existsSync(join(root, 'dist', 'cli', 'main.js')) && newestSource(root) <= stamp.newestSource;
  } catch {
    return false; // no stamp (a build from before stamps, or one that failed): not current
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const step = process.argv[2];
  if (step === 'begin') {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(pendingFile(ROOT), `${JSON.stringify({ newestSource: newestSource(ROOT) })}\n`);
  } else if (step === 'end') {
    renameSync(pendingFile(ROOT), stampFile(ROOT));
  } else if (step === 'check') {
    process.exitCode = buildIsCurrent(ROOT) ? 0 : 1;
  } else {
    process.stderr.write('usage: node bin/build-stamp.js begin|end|check\n');
    process.exitCode = 2;
  }
}
