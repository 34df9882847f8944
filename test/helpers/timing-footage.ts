// Real files with odd timing data (issue 19), made from real clips the way users make them: cut with
// `-c copy`, remuxed, retimed by a muxer or a bitstream filter. Cached in .cache/fixtures/timing; each
// builder returns the file's path. motion.mov is handheld phone footage (30 fps, AAC).
import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/process/index.js';
import { cachedFfmpeg, FIXTURES, footage } from './footage.js';

const DIR = join(FIXTURES, 'timing');

const cached = (name: string, args: (out: string) => string[] | Promise<string[]>): Promise<string> => cachedFfmpeg(DIR, name, args);

const motion = (): Promise<string> => footage('motion.mov');
const small = ['-map_metadata', '-1', '-vf', 'scale=192:112'];

/** The whole of motion.mov as Ogg Theora + Vorbis, one keyframe in 90 (as ffmpeg2theora files often are). */
function filmOgg(): Promise<string> {
  return cached('film.ogg', async (out) => ['-i', await motion(), ...small, '-c:v', 'libtheora', '-q:v', '6', '-g', '90', '-c:a', 'libvorbis', '-q:a', '2', out]);
}

/** The 1906 race film from Debian's python-nbsphinx-doc (Theora 214×160, 15 fps, 19.2 s, no audio). */
async function raceFilm(): Promise<string> {
  const out = join(DIR, 'race-1906.ogv');
  if (existsSync(out)) return out;
  mkdirSync(DIR, { recursive: true });
  const work = join(DIR, `.work-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    await runProcess('apt-get', ['download', 'python-nbsphinx-doc'], { cwd: work, timeoutMs: 300_000 });
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download python-nbsphinx-doc produced no .deb (run apt-get update first)');
    await runProcess('dpkg-deb', ['-x', join(work, deb), join(work, 'x')], { timeoutMs: 120_000 });
    renameSync(join(work, 'x/usr/share/doc/python-nbsphinx/html/www/wikimediacommons/Shepard_Calais_1906_FrenchGP.ogv.160p.ogv'), out);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Issue 19's first file exactly: `ffmpeg -ss 5 -t 12 -i film.ogg -c copy clip.ogg` on a real Theora film. */
export async function raceFilmCut(): Promise<string> {
  const film = await raceFilm();
  return cached('race-cut.ogg', (out) => ['-ss', '5', '-t', '12', '-i', film, '-c', 'copy', out]);
}

/** Issue 19's first file from motion.mov (with audio): `ffmpeg -ss 4 -t 12 -i film.ogg -c copy clip.ogg`, its first packets with garbage granule times. */
export async function oggCut(): Promise<string> {
  const film = await filmOgg();
  return cached('cut.ogg', (out) => ['-ss', '4', '-t', '12', '-i', film, '-c', 'copy', out]);
}

/** Issue 19's second file, shortened to 4 s: an MPEG-TS whose 33-bit PTS wraps 2.3 s in (`-output_ts_offset 95440`). */
export async function wrappingTs(): Promise<string> {
  return cached('wrap-4s.ts', async (out) => [
    '-i', await motion(), '-t', '4', '-map', '0:v', '-map', '0:a', ...small,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-output_ts_offset', '95440', '-f', 'mpegts', out,
  ]);
}

/** A WebM (VP8 + Opus, keyframe every 90) cut with `-ss 4 -t 3 -c copy`. */
export async function webmCut(): Promise<string> {
  const whole = await cached('film.webm', async (out) => [
    '-i', await motion(), ...small, '-c:v', 'libvpx', '-b:v', '300k', '-g', '90', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', out,
  ]);
  return cached('cut.webm', (out) => ['-ss', '4', '-t', '3', '-i', whole, '-c', 'copy', out]);
}

/** An MP4 or MOV (one keyframe in 240, B-pyramid) cut mid-GOP with `-ss 1.3 -t 2 -c copy`: an edit list hides the pre-roll. */
export async function mp4MidGopCut(ext: 'mp4' | 'mov' = 'mp4'): Promise<string> {
  const whole = await cached(`long-gop.${ext}`, async (out) => [
    '-i', await motion(), '-t', '4', '-map', '0:v', '-map', '0:a', ...small,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '240', '-bf', '3', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
  return cached(`mid-gop-cut.${ext}`, (out) => ['-ss', '1.3', '-t', '2', '-i', whole, '-c', 'copy', out]);
}

/** A raw H.264 (`.h264`) or HEVC (`.265`) elementary stream: no container, no timestamps. */
export async function elementaryStream(codec: 'h264' | 'hevc'): Promise<string> {
  const args = codec === 'h264' ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'h264'] : ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-f', 'hevc'];
  return cached(codec === 'h264' ? 'raw.h264' : 'raw.265', async (out) => ['-i', await motion(), '-t', '2', '-an', ...small, '-pix_fmt', 'yuv420p', ...args, out]);
}

/** A raw HEVC stream whose headers declare no rate either (x265 without VUI timing info): nothing times it. */
export async function untimedHevc(): Promise<string> {
  return cached('untimed.265', async (out) => [
    '-i', await motion(), '-t', '2', '-an', ...small, '-pix_fmt', 'yuv420p', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:vui-timing-info=0', '-f', 'hevc', out,
  ]);
}

/** AVI with MPEG-4 Part 2 B-frames (DivX style): the container stores no pts, only decode order. */
export async function aviBFrames(): Promise<string> {
  return cached('bframes.avi', async (out) => [
    '-i', await motion(), '-t', '2', '-map', '0:v', '-map', '0:a', ...small, '-c:v', 'mpeg4', '-q:v', '4', '-bf', '2', '-vtag', 'DX50', '-c:a', 'mp3', out,
  ]);
}

/** 2 s of motion.mov as H.264 without B-frames (pts = dts) and AAC in mkv, for the bitstream filters below. */
function noBFrames(): Promise<string> {
  return cached('no-b.mkv', async (out) => [
    '-i', await motion(), '-t', '2', '-map', '0:v', '-map', '0:a', ...small, '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
}

/**
 * A real AVI with packed B-frames (opencv-doc's Megamind.avi, Xvid-style) cut as users do:
 * `-ss 6 -t 1 -c copy`. The cut skips two frame numbers after its keyframe, and its header counts them.
 */
export async function aviPackedCut(): Promise<string> {
  const film = await footage('Megamind.avi');
  return cached('packed-cut.avi', (out) => ['-ss', '6', '-t', '1', '-i', film, '-c', 'copy', out]);
}

/** The packed-B-frames cut above as a download cut short: its first 60 % (no index at the end). */
export async function aviPackedCutShort(): Promise<string> {
  const out = join(DIR, 'packed-cut-short.avi');
  if (existsSync(out)) return out;
  const whole = readFileSync(await aviPackedCut());
  const tmp = join(DIR, `.${process.pid}-packed-cut-short.avi`);
  writeFileSync(tmp, whole.subarray(0, Math.floor(whole.length * 0.6)));
  renameSync(tmp, out);
  return out;
}

/** MKV where every tenth frame repeats the previous timestamp (as some screen recorders write). */
export async function mkvDuplicateTimestamps(): Promise<string> {
  const whole = await noBFrames();
  return cached('duplicate-ts.mkv', (out) => ['-i', whole, '-c', 'copy', '-bsf:v', 'setts=ts=if(eq(mod(N\\,10)\\,5)\\,PREV_INPTS\\,PTS)', out]);
}

/**
 * An MPEG-TS whose video jumps 1,111 s ahead after its 30th frame (a capture glitch, made with a bitstream
 * filter on a remux): the muxer keeps its times rising from there, so the container claims 1,112 s while
 * the audio (1.9 s) and 60 frames at the declared 29.97 fps agree on 2 s.
 */
export async function tsJumpAhead(): Promise<string> {
  const whole = await noBFrames();
  return cached('jump-ahead.ts', (out) => ['-i', whole, '-c', 'copy', '-bsf:v', 'setts=ts=if(between(N\\,30\\,32)\\,PTS+100000/TB\\,PTS)', '-f', 'mpegts', out]);
}

/** Video starting 0.5 s after the audio and ending 0.5 s before it (mkv): the audio is longer on both sides. */
export async function audioAroundVideo(): Promise<string> {
  const m = await motion();
  return cached('audio-around.mkv', (out) => [
    '-ss', '1', '-t', '2', '-itsoffset', '0.5', '-i', m, '-ss', '0.5', '-t', '3', '-i', m, '-map', '0:v', '-map', '1:a', ...small,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
}

/** A phone clip's first frame held 0.6 s before the rest (mov, every later timestamp moved on by a bitstream filter). */
export async function firstFrameGap(): Promise<string> {
  const whole = await cached('phone.mov', async (out) => [
    '-i', await motion(), '-t', '2', '-map', '0:v', '-map', '0:a', ...small, '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
  return cached('phone-gap.mov', (out) => ['-i', whole, '-c', 'copy', '-bsf:v', 'setts=ts=if(gt(N\\,0)\\,PTS+0.6/TB\\,PTS)', out]);
}

/** A copy of an mp4 with `count` runs of 1500 bytes overwritten between 35 % and 65 % of the file. */
export async function corruptedMp4(): Promise<string> {
  const source = await cached('to-damage.mp4', async (out) => [
    '-i', await motion(), '-t', '3', '-map', '0:v', '-map', '0:a', ...small, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', out,
  ]);
  const out = join(DIR, 'damaged.mp4');
  if (existsSync(out)) return out;
  const tmp = join(DIR, `.${process.pid}-damaged.mp4`);
  copyFileSync(source, tmp);
  const fd = openSync(tmp, 'r+');
  try {
    const size = fstatSync(fd).size;
    for (const at of [0.35, 0.5, 0.65]) writeSync(fd, Buffer.alloc(1500, 0xa5), 0, 1500, Math.floor(size * at));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  return out;
}

/** Two Ogg cuts joined with the concat demuxer and `-c copy`: the second cut's pre-roll lands mid-file. */
export async function oggCutTwice(): Promise<string> {
  const cut = await oggCut();
  const list = join(DIR, 'twice.txt');
  return cached('twice.ogg', (out) => {
    writeFileSync(list, `file '${cut}'\nfile '${cut}'\n`);
    return ['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', out];
  });
}
