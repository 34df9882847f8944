// STAND-IN for the real pipeline (branch `pipeline`, src/pipeline/index.ts processVideo) until the lead
// wires it in: re-encodes input → output with ffmpeg (libx264, audio copied) and reports what it made.
// It interpolates and upscales nothing; it exists so the batch runner and its tests run end to end.
import { rename, rm } from 'node:fs/promises';
import { dirname, join, basename, extname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { ProcessContext, ProcessOptions, RunReport } from '../pipeline/types.js';
import { runProcess } from '../process/index.js';

interface Probe {
  frames: number;
  fps: string;
  duration: number;
  width: number;
  height: number;
  audio: boolean;
}

async function probe(path: string, signal?: AbortSignal): Promise<Probe> {
  const { stdout } = await runProcess(
    'ffprobe',
    ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_type,nb_read_packets,r_frame_rate,width,height:format=duration', '-of', 'json', path],
    { signal, timeoutMs: 60_000 },
  );
  const json = JSON.parse(stdout) as {
    streams?: { codec_type?: string; nb_read_packets?: string; r_frame_rate?: string; width?: number; height?: number }[];
    format?: { duration?: string };
  };
  const video = json.streams?.find((s) => s.codec_type === 'video');
  return {
    frames: Number(video?.nb_read_packets ?? 0),
    fps: video?.r_frame_rate ?? '0/1',
    duration: Number(json.format?.duration ?? 0),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    audio: json.streams?.some((s) => s.codec_type === 'audio') ?? false,
  };
}

/** ProcessVideo stand-in: an ffmpeg re-encode written beside the output and renamed when complete. */
export async function standInProcessVideo(options: ProcessOptions, context: ProcessContext): Promise<RunReport> {
  const started = performance.now();
  await mkdir(dirname(options.output), { recursive: true });
  const temp = join(dirname(options.output), `.${basename(options.output, extname(options.output))}.partial${extname(options.output)}`);
  const encoder = options.encoder ?? 'libx264';
  context.logger.info('processing (ffmpeg stand-in for the pipeline)', { input: options.input, output: options.output });
  try {
    await runProcess(
      'ffmpeg',
      ['-v', 'error', '-nostdin', '-y', '-i', options.input, '-map', '0:v:0', '-map', '0:a?', '-c:v', encoder,
        ...(encoder === 'libx264' ? ['-preset', 'ultrafast', '-crf', String(options.crf ?? 23)] : []), '-c:a', 'copy', temp],
      { signal: context.signal },
    );
    await rename(temp, options.output);
  } finally {
    await rm(temp, { force: true });
  }
  const [src, out] = await Promise.all([probe(options.input, context.signal), probe(options.output, context.signal)]);
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    input: options.input,
    output: options.output,
    mode: options.mode,
    engines: { interpolate: 'stand-in:ffmpeg-reencode' },
    fpsIn: src.fps,
    fpsOut: out.fps,
    framesIn: src.frames,
    framesOut: out.frames,
    framesPlanned: src.frames,
    durationIn: src.duration,
    durationOut: out.duration,
    audio: out.audio,
    sceneCuts: 0,
    width: out.width,
    height: out.height,
    encoder,
    wallSeconds,
    averageFps: wallSeconds > 0 ? out.frames / wallSeconds : 0,
    checks: ['stand-in: frame count equals input'],
  };
}
