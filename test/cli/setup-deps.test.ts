// scripts/setup.sh runs `npm ci` (which deletes node_modules and installs it again, ~1 minute) only when
// node_modules is not already what it would make: scripts/npm-deps.sh decides, from a stamp setup writes
// after npm ci (package-lock.json's sha256, the Node version, the install mode) and npm's own hidden
// lockfile (rewritten by any later npm install). Checked here on a folder of its own with real bash.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';

const script = resolve(import.meta.dirname, '..', '..', 'scripts', 'npm-deps.sh');
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

// Runs one of the script's functions in `dir`; true when it exits 0.
async function sh(dir: string, call: string): Promise<boolean> {
  return runProcess('bash', ['-c', `. "$0" && ${call}`, script], { cwd: dir, timeoutMs: 30_000 }).then(
    () => true,
    () => false,
  );
}

describe('setup.sh: npm ci only when node_modules does not match package-lock.json', () => {
  it('in sync after npm ci and its stamp; out of sync when the lock, the mode or node_modules changes', async () => {
    const dir = join(tmp.dir, 'app');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": { "node_modules/a": { "version": "1.0.0" } } }\n');
    expect(await sh(dir, 'deps_in_sync cpu')).toBe(false); // a fresh clone: nothing installed
    // What npm ci leaves (its hidden lockfile), then setup's stamp.
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'node_modules', '.package-lock.json'), past, past);
    expect(await sh(dir, 'write_deps_stamp cpu')).toBe(true);
    expect(await sh(dir, 'deps_in_sync cpu')).toBe(true); // the second setup.sh: npm ci skipped
    expect(await sh(dir, 'deps_in_sync gpu')).toBe(false); // a GPU appeared: its providers need npm ci
    // `npm install x` afterwards rewrites the hidden lockfile: no longer what the lock says.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'node_modules', '.package-lock.json'), later, later);
    expect(await sh(dir, 'deps_in_sync cpu')).toBe(false);
    utimesSync(join(dir, 'node_modules', '.package-lock.json'), past, past);
    expect(await sh(dir, 'deps_in_sync cpu')).toBe(true);
    // A git pull that changed package-lock.json.
    writeFileSync(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": { "node_modules/a": { "version": "1.0.1" } } }\n');
    expect(await sh(dir, 'deps_in_sync cpu')).toBe(false);
  });
});
