// How the user can type this command again: `interup` when that name on PATH is this install (setup.sh
// runs npm link), else the path of the script that was started (./bin/interup.js from the checkout).
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';

// The real path of `path`, or undefined when it does not exist.
function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** The command to print in hints ("Your own video: <this> run …"), one that works as written here. */
export function invocation(script = process.argv[1], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (!script) return 'interup';
  const self = real(script);
  // The shell runs the first `interup` on PATH: the bare name only when that one is this install.
  const first = (env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d !== '')
    .map((dir) => join(dir, 'interup'))
    .find((candidate) => existsSync(candidate));
  if (first !== undefined && real(first) === self) return 'interup';
  const rel = relative(cwd, script);
  return rel.startsWith('..') || isAbsolute(rel) ? script : `./${rel}`;
}
