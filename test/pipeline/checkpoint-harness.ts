// What the checkpoint tests share: a short clip with audio, chapters and BT.709 colour tags (keyframes
// every 5 frames), the run's options for it (blend, ×2, 0.5-s checkpoints: 3 segments of 10 frames), the
// CLI as a child process killed with SIGKILL at a logged moment, and what a user compares afterwards.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/process/index.js';
import { logRecord, runCli, type CliResult } from '../helpers/cli.js';

/** 1.5 s of testsrc2 at 10 fps, 128x72, PCM audio, two chapters, BT.709 tags, in Matroska. */
export async function checkpointClip(dir: string, name = 'clip.mkv'): Promise<string> {
  const path = join(dir, name);
  const chapters = join(dir, `${name}.chapters.txt`);
  writeFileSync(chapters, ';FFMETADATA1\ntitle=resume test\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=one\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=1500\ntitle=two\n');
  await runProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=128x72:rate=10:duration=1.5', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=1.5', '-i', chapters,
    '-map', '0:v', '-map', '1:a', '-map_metadata', '2', '-map_chapters', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '5', '-pix_fmt', 'yuv420p',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-c:a', 'pcm_s16le', '-shortest', '-y', path], { timeoutMs: 60_000 });
  return path;
}

/** The run's settings as flags: 30 output frames in 3 checkpoints of 10. */
export const RUN_FLAGS = ['--factor', '2', '--prefer', 'blend', '--checkpoint-seconds', '0.5', '--log-format', 'json'];
export const RUN_OPTIONS = { mode: 'interp', factor: 2, prefer: 'blend', checkpointSeconds: 0.5 } as const;

/** `interup run` as a child, SIGKILLed on the first JSON log record `killAt` accepts (never when undefined). */
export function runKilled(args: string[], killAt?: (record: Record<string, unknown>) => boolean): Promise<CliResult> {
  return runCli(['run', ...args], {
    env: { INTERUP_FROM_SOURCE: '1' },
    timeoutMs: 180_000,
    onLine: (line) => {
      const record = logRecord(line);
      return record !== undefined && killAt !== undefined && killAt(record);
    },
  });
}

/** The log messages of a CLI run. */
export const messages = (result: CliResult): string[] => result.stderr.split('\n').map((l) => logRecord(l)?.msg).filter((m): m is string => typeof m === 'string');

/** Work folders (interup temp naming, `.checkpoints`) in `dir`. */
export const workFolders = (dir: string): string[] => readdirSync(dir).filter((n) => /^\..+\.interup-\d+-[0-9a-f]{6}\..+\.checkpoints$/.test(n));

export async function framemd5(path: string): Promise<string[]> {
  const { stdout } = await runProcess('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'], { timeoutMs: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((l) => l && !l.startsWith('#'));
}

/** Every video frame's presentation time, as ffprobe reads them. */
export async function frameTimes(path: string): Promise<string[]> {
  const { stdout } = await runProcess('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', path], { timeoutMs: 60_000 });
  return stdout.split('\n').filter(Boolean);
}

/** Mean PSNR of `a` against `b` (dB; 'inf' for identical frames counts as Infinity). */
export async function psnr(a: string, b: string): Promise<number> {
  const { stderr } = await runProcess('ffmpeg', ['-v', 'info', '-i', a, '-i', b, '-lavfi', '[0:v][1:v]psnr', '-f', 'null', '-'], { timeoutMs: 60_000 });
  const match = /PSNR .*average:(inf|[\d.]+)/.exec(stderr);
  if (!match) throw new Error(`no PSNR in ffmpeg's output: ${stderr.slice(-300)}`);
  return match[1] === 'inf' ? Infinity : Number(match[1]);
}

/** Chapters titles, the colour primaries of the video and the codec of each audio stream. */
export async function streamsOf(path: string): Promise<{ chapters: string[]; primaries: string | undefined; audio: string[] }> {
  const { stdout } = await runProcess('ffprobe', ['-v', 'error', '-show_chapters', '-show_streams', '-of', 'json', path], { timeoutMs: 60_000 });
  const json = JSON.parse(stdout) as { chapters?: { tags?: { title?: string } }[]; streams?: { codec_type?: string; codec_name?: string; color_primaries?: string }[] };
  const streams = json.streams ?? [];
  return {
    chapters: (json.chapters ?? []).map((c) => c.tags?.title ?? ''),
    primaries: streams.find((s) => s.codec_type === 'video')?.color_primaries,
    audio: streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name ?? ''),
  };
}
