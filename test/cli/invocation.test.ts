// The command interup prints for the user to type again ("Your own video: … run …") works as written:
// `interup` when that name on PATH is this install (setup.sh's npm link), else the script's own path.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invocation } from '../../src/cli/invocation.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('invocation', () => {
  const clone = join(tmp.dir, 'clone');
  const script = join(clone, 'bin', 'interup.js');
  mkdirSync(join(clone, 'bin'), { recursive: true });
  writeFileSync(script, '');
  const linked = join(tmp.dir, 'global-bin');
  mkdirSync(linked);
  symlinkSync(script, join(linked, 'interup'));
  const other = join(tmp.dir, 'other-bin');
  mkdirSync(other);
  writeFileSync(join(other, 'interup'), ''); // another install's interup

  it('is the bare name when `interup` on PATH is this script (npm link)', () => {
    expect(invocation(script, { PATH: `/nonexistent:${linked}` }, clone)).toBe('interup');
  });

  it('is the script\'s path, relative when under the current folder, when PATH has no `interup` or another one first', () => {
    expect(invocation(script, { PATH: other }, clone)).toBe('./bin/interup.js');
    // Another install earlier on PATH is the one the shell would run, though this one is linked later.
    expect(invocation(script, { PATH: `${other}:${linked}` }, clone)).toBe('./bin/interup.js');
    expect(invocation(script, { PATH: '' }, tmp.dir)).toBe('./clone/bin/interup.js');
    expect(invocation(script, {}, join(tmp.dir, 'elsewhere'))).toBe(script);
  });
});
