// Which ffmpeg video encoders exist here, the default choice (NVENC only when ffmpeg has it AND a GPU
// answers, else libx264), and the quality arguments each family understands.
import { existsSync } from 'node:fs';
import { canRun, runProcess } from '../process/index.js';
import { InputError, type Logger } from '../util/index.js';
import { ffmpegPath } from './tools.js';

let cached: Promise<Set<string>> | undefined;

/** Names of the video encoders this ffmpeg was built with. */
export function listVideoEncoders(): Promise<Set<string>> {
  cached ??= runProcess(ffmpegPath(), ['-hide_banner', '-encoders'], { timeoutMs: 30_000 }).then(({ stdout }) => {
    const names = new Set<string>();
    for (const line of stdout.split('\n')) {
      const m = /^\s*V[A-Z.]{5}\s+(\S+)/.exec(line);
      if (m) names.add(m[1]);
    }
    return names;
  });
  return cached;
}

/** True when NVENC can actually encode one frame here (the encoder is built in AND a GPU with a driver answers). */
export async function nvencWorks(): Promise<boolean> {
  if (!existsSync('/dev/nvidia0') && !(await canRun('nvidia-smi', ['-L'], 5000))) return false;
  return canRun(
    ffmpegPath(),
    ['-v', 'error', '-f', 'lavfi', '-i', 'color=s=256x256:d=0.1', '-frames:v', '1', '-c:v', 'h264_nvenc', '-f', 'null', '-'],
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
  else if (/^(libvpx-vp9|libaom-av1|libsvtav1)$/.test(name)) args.push('-crf', String(crf ?? 30), '-b:v', '0', '-pix_fmt', 'yuv420p');
  else if (crf !== undefined) logger?.warn(`--crf is ignored for encoder ${name} (it has no CRF mode)`);
  return args;
}

/**
 * Picks the encoder: the requested one if ffmpeg has it; else for a source deeper than 8 bits HEVC (main10:
 * hevc_nvenc when usable, libx265 otherwise, and libx265 when HDR10 metadata must be written, which NVENC
 * cannot here); else NVENC H.264 when usable, else libx264.
 */
export async function chooseEncoder(requested: string | undefined, crf: number | undefined, logger?: Logger, source: { bitDepth?: number; hdr?: boolean } = {}): Promise<EncoderChoice> {
  const encoders = await listVideoEncoders();
  if (requested) {
    if (!encoders.has(requested)) {
      throw new InputError('ENCODER_UNKNOWN', `ffmpeg here has no video encoder named "${requested}".`, {
        hint: 'Run `ffmpeg -hide_banner -encoders` to list them (e.g. libx264, libx265, ffv1, h264_nvenc).',
      });
    }
    return { name: requested, args: encoderArgs(requested, crf, logger) };
  }
  const deep = (source.bitDepth ?? 8) > 8;
  if ((deep || source.hdr) && encoders.has('libx265')) {
    const nvenc = !source.hdr && encoders.has('hevc_nvenc') && (await nvencWorks());
    const name = nvenc ? 'hevc_nvenc' : 'libx265';
    const reason = source.hdr ? 'HDR10 input: libx265 writes its mastering-display and light-level metadata (give --encoder hevc_nvenc for speed without them)' : `${source.bitDepth}-bit input: HEVC main10 keeps the depth${nvenc ? ' (GPU with NVENC found)' : ''}`;
    logger?.info(`encoder: ${name}`, { reason });
    return { name, args: encoderArgs(name, crf, logger) };
  }
  const name = encoders.has('h264_nvenc') && (await nvencWorks()) ? 'h264_nvenc' : 'libx264';
  logger?.info(`encoder: ${name}`, { reason: name === 'libx264' ? 'NVENC not usable here (no GPU or not built in)' : 'GPU with NVENC found' });
  return { name, args: encoderArgs(name, crf, logger) };
}
