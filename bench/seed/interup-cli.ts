// How the benches start `interup` as a user would: bin/interup.js, from the build in dist/ when it is at
// least as new as every source file (else from the sources through tsx, which adds start-up time: the
// result says which ran).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'interup.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** 'dist' when the build is current, else 'source'. */
export function interupBuild(): 'dist' | 'source' {
  const built = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) return 'source';
  return statSync(built).mtimeMs >= newestMtime(join(ROOT, 'src')) ? 'dist' : 'source';
}

/** Environment that makes bin/interup.js run what interupBuild() said. */
export function interupEnv(build: 'dist' | 'source', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (build === 'source') env.INTERUP_FROM_SOURCE = '1';
  else delete env.INTERUP_FROM_SOURCE;
  return env;
}
