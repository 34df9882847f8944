// Which ffmpeg video encoders exist here, the default choice for the output's container (MP4/MKV/MOV:
// NVENC only when ffmpeg has it AND a GPU answers, else libx264; WebM: NVENC's AV1 where the GPU has it,
// else VP9), an encoder the container cannot hold refused before anything runs, and the quality
// arguments each family understands.
import { existsSync } from 'node:fs';
import { canRun, runProcess } from '../process/index.js';
import { InputError, type Logger } from '../util/index.js';
import { checkEncoderFitsContainer, outputContainer } from './containers.js';
import { ffmpegPath } from './tools.js';

let cached: Promise<Map<string, string>> | undefined;

/** The video encoders this ffmpeg was built with, each with the codec it writes (`-encoders`' "(codec x)", else its own name). */
export function videoEncoderCodecs(): Promise<Map<string, string>> {
  cached ??= runProcess(ffmpegPath(), ['-hide_banner', '-encoders'], { timeoutMs: 30_000 }).then(({ stdout }) => {
    const codecs = new Map<string, string>();
    for (const line of stdout.split('\n')) {
      const m = /^\s*V[A-Z.]{5}\s+(\S+)(.*)$/.exec(line);
      if (m) codecs.set(m[1], /\(codec (\S+)\)\s*$/.exec(m[2])?.[1] ?? m[1]);
    }
    return codecs;
  });
  return cached;
}

/** Names of the video encoders this ffmpeg was built with. */
export async function listVideoEncoders(): Promise<Set<string>> {
  return new Set((await videoEncoderCodecs()).keys());
}

/** True when an NVENC encoder (default h264_nvenc) can actually encode one frame here (built in AND a GPU with a driver that has it answers). */
export async function nvencWorks(encoder = 'h264_nvenc'): Promise<boolean> {
  if (!existsSync('/dev/nvidia0') && !(await canRun('nvidia-smi', ['-L'], 5000))) return false;
  return canRun(
    ffmpegPath(),
    ['-v', 'error', '-f', 'lavfi', '-i', 'color=s=256x256:d=0.1', '-frames:v', '1', '-c:v', encoder, '-f', 'null', '-'],
    20_000,
  );
}

export interface EncoderChoice {
  name: string;
  /** Codec and quality arguments for the output. */
  args: string[];
}

/** Quality and pixel-format arguments for `name` at `crf` (undefined = the family's sensible default). */
export function encoderArgs(name: string, crf: number | undefined, logger?: Logger): string[] {
  const args = ['-c:v', name];
  if (/^libx26[45]$/.test(name)) args.push('-crf', String(crf ?? 18), '-pix_fmt', 'yuv420p');
  else if (name === 'libx264rgb') args.push('-crf', String(crf ?? 18));
  else if (/_nvenc$/.test(name)) args.push('-rc', 'vbr', '-cq', String(crf ?? 19), '-b:v', '0', '-pix_fmt', 'yuv420p');
  // VP9: libvpx's own default (good, cpu-used 1, one thread per frame) runs at a few 1080p frames per second;
  // cpu-used 4 with row threading is ~3× faster for a small loss (400×300 on 2 cores: 0.56 s vs 0.37 s for
  // realtime/8, whose files are 20 % larger at the same CRF).
  else if (name === 'libvpx-vp9') args.push('-crf', String(crf ?? 30), '-b:v', '0', '-deadline', 'good', '-cpu-used', '4', '-row-mt', '1', '-pix_fmt', 'yuv420p');
  else if (/^(libaom-av1|libsvtav1)$/.test(name)) args.push('-crf', String(crf ?? 30), '-b:v', '0', '-pix_fmt', 'yuv420p');
  else if (crf !== undefined) logger?.warn(`--crf is ignored for encoder ${name} (it has no CRF mode)`);
  return args;
}

export interface EncoderTarget {
  bitDepth?: number;
  hdr?: boolean;
  /** The output file (its extension says the container) and the muxer when one is forced. */
  output?: string;
  format?: string;
}

/**
 * Picks the encoder: the requested one if ffmpeg has it and the output's container can hold what it writes
 * (else exit 2, before anything runs); else for WebM av1_nvenc when usable, else VP9; else for a source
 * deeper than 8 bits HEVC (main10: hevc_nvenc when usable, libx265 otherwise, and libx265 when HDR10
 * metadata must be written, which NVENC cannot here); else NVENC H.264 when usable, else libx264.
 */
export async function chooseEncoder(requested: string | undefined, crf: number | undefined, logger?: Logger, target: EncoderTarget = {}): Promise<EncoderChoice> {
  const codecs = await videoEncoderCodecs();
  const container = target.output ? outputContainer(target.output, target.format) : 'other';
  if (requested) {
    const codec = codecs.get(requested);
    if (codec === undefined) {
      throw new InputError('ENCODER_UNKNOWN', `ffmpeg here has no video encoder named "${requested}".`, {
        hint: 'Run `ffmpeg -hide_banner -encoders` to list them (e.g. libx264, libx265, ffv1, h264_nvenc).',
      });
    }
    if (target.output) checkEncoderFitsContainer(requested, codec, target.output, container);
    return { name: requested, args: encoderArgs(requested, crf, logger) };
  }
  const chosen = container === 'webm' ? await webmEncoder(codecs) : await defaultEncoder(codecs, target);
  logger?.info(`encoder: ${chosen.name}`, { reason: chosen.reason });
  return { name: chosen.name, args: encoderArgs(chosen.name, crf, logger) };
}

/** WebM holds VP8, VP9 or AV1: NVENC's AV1 where the GPU has it, else libvpx-vp9, else an AV1 or VP8 encoder this ffmpeg has. */
async function webmEncoder(codecs: Map<string, string>): Promise<{ name: string; reason: string }> {
  if (codecs.has('av1_nvenc') && (await nvencWorks('av1_nvenc'))) return { name: 'av1_nvenc', reason: 'WebM output; GPU with AV1 NVENC found' };
  const name = ['libvpx-vp9', 'libsvtav1', 'libaom-av1', 'libvpx'].find((n) => codecs.has(n));
  if (!name) {
    throw new InputError('ENCODER_NONE_FOR_CONTAINER', 'This ffmpeg has no encoder a WebM file can hold (VP8, VP9 or AV1).', {
      hint: 'Write .mp4 or .mkv instead, or install an ffmpeg built with libvpx or libsvtav1.',
    });
  }
  return { name, reason: `WebM output holds VP8, VP9 or AV1${codecs.has('av1_nvenc') ? '; AV1 NVENC not usable here' : ''}` };
}

/** MP4, MKV, MOV and the rest: HEVC main10 for deep or HDR10 sources, else H.264; NVENC when usable. */
async function defaultEncoder(codecs: Map<string, string>, source: EncoderTarget): Promise<{ name: string; reason: string }> {
  const deep = (source.bitDepth ?? 8) > 8;
  if ((deep || source.hdr) && codecs.has('libx265')) {
    const nvenc = !source.hdr && codecs.has('hevc_nvenc') && (await nvencWorks('hevc_nvenc'));
    const name = nvenc ? 'hevc_nvenc' : 'libx265';
    const reason = source.hdr ? 'HDR10 input: libx265 writes its mastering-display and light-level metadata (give --encoder hevc_nvenc for speed without them)' : `${source.bitDepth}-bit input: HEVC main10 keeps the depth${nvenc ? ' (GPU with NVENC found)' : ''}`;
    return { name, reason };
  }
  const name = codecs.has('h264_nvenc') && (await nvencWorks()) ? 'h264_nvenc' : 'libx264';
  return { name, reason: name === 'libx264' ? 'NVENC not usable here (no GPU or not built in)' : 'GPU with NVENC found' };
}
