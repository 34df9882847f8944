// Where a video can be cut cheaply: the presentation times of its keyframes (first video stream).
import { Q, type Rational } from '../frames/index.js';
import { runProcess } from '../process/index.js';
import { ffprobePath } from './tools.js';

/** Keyframe times in seconds, ascending (packets outside the edit list skipped, as the decoder skips them). */
export async function keyframeTimes(path: string, timeBase: Rational, signal?: AbortSignal): Promise<Rational[]> {
  const { stdout } = await runProcess(ffprobePath(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,flags', '-of', 'csv=p=0', path], {
    signal,
    timeoutMs: 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const times: Rational[] = [];
  for (const line of stdout.split('\n')) {
    const [pts, flags] = line.split(',');
    if (!flags?.includes('K') || flags.includes('D') || !/^-?\d+$/.test(pts ?? '')) continue;
    times.push(Q.mul(Q.rat(BigInt(pts)), timeBase));
  }
  return times.sort(Q.cmp);
}
