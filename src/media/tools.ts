// Where the ffmpeg and ffprobe binaries are: FFMPEG_PATH / FFPROBE_PATH override the ones on PATH.
import { runProcess } from '../process/index.js';

/** The ffmpeg binary to run. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || 'ffmpeg';
}

/** The ffprobe binary to run. */
export function ffprobePath(): string {
  return process.env.FFPROBE_PATH || 'ffprobe';
}

/** First meaningful line of an ffmpeg stderr tail, for one-sentence error messages. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  // A component's own complaint ("[Parsed_minterpolate_0 @ 0x…] Height or width < 32") says the most.
  const tagged = lines.map((l) => /^\[[^\]]+ @ 0x[0-9a-f]+\]\s*(.+)$/i.exec(l)?.[1]).find((m) => m !== undefined);
  if (tagged) return tagged;
  return lines.find((l) => /invalid|error|moov|no such|denied|not found|unknown/i.test(l)) ?? lines[lines.length - 1] ?? '';
}

/** True when this ffmpeg has the video filter `name`. */
export async function runFilterHelp(name: string): Promise<boolean> {
  try {
    const { stdout } = await runProcess(ffmpegPath(), ['-hide_banner', '-h', `filter=${name}`], { timeoutMs: 20_000 });
    return stdout.includes(`Filter ${name}`);
  } catch {
    return false;
  }
}
