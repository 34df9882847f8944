// Proof of the result: probe what was written and compare it with the plan. A mismatch is an error.
import { Q } from '../frames/index.js';
import { probeMedia, type MediaInfo, type SizeFit } from '../media/index.js';
import type { Timeline } from '../timeline/index.js';
import { InterupError } from '../util/index.js';

export interface Verification {
  framesOut: number;
  durationOut: number;
  audio: boolean;
  avOffsetSeconds: number | undefined;
  checks: string[];
  /** A range's probe (verifyRange), for the checkpoint that records its facts without probing it again. */
  probe?: MediaInfo;
}

/** Probes `file` and checks frame count, duration, audio presence and A/V offset against the input and plan. */
export async function verifyOutput(file: string, source: MediaInfo, timeline: Timeline, signal?: AbortSignal, size?: SizeFit): Promise<Verification> {
  const out = await probeMedia(file, { signal });
  const inVideo = source.video;
  const outVideo = out.video;
  if (!inVideo || !outVideo) throw new InterupError('VERIFY_FAILED', `The output ${file} has no video stream.`);
  const frame = 1 / Q.toNumber(timeline.fps);
  const failures: string[] = [];
  const checks: string[] = [];

  checkSize(outVideo, size, checks, failures);

  if (outVideo.frameCount === timeline.count) checks.push(`frame count ${outVideo.frameCount} = planned`);
  else failures.push(`the output has ${outVideo.frameCount} frames but ${timeline.count} were planned`);

  const durationIn = Q.toNumber(inVideo.duration);
  const durationOut = Q.toNumber(outVideo.duration);
  const drift = Math.abs(durationOut - durationIn);
  if (drift <= frame + 1e-6) checks.push(`duration ${durationOut.toFixed(3)} s within one frame of input ${durationIn.toFixed(3)} s`);
  else failures.push(`the output lasts ${durationOut.toFixed(3)} s but the input ${durationIn.toFixed(3)} s`);

  const audioIn = source.audio.length > 0;
  const audioOut = out.audio.length > 0;
  if (audioIn === audioOut) checks.push(audioIn ? 'audio present as in the input' : 'no audio, as in the input');
  else failures.push(audioIn ? 'the input has audio but the output does not' : 'the output has audio the input lacks');

  let avOffsetSeconds: number | undefined;
  if (audioIn && audioOut) {
    const before = source.audio[0].start - Q.toNumber(inVideo.start);
    const after = out.audio[0].start - Q.toNumber(outVideo.start);
    avOffsetSeconds = after - before;
    if (Math.abs(avOffsetSeconds) <= frame + 1e-6) checks.push(`A/V offset ${(avOffsetSeconds * 1000).toFixed(1)} ms within one frame`);
    else failures.push(`audio moved by ${(avOffsetSeconds * 1000).toFixed(1)} ms relative to the video`);
  }
  if (failures.length > 0) {
    throw new InterupError('VERIFY_FAILED', `The output failed its checks: ${failures.join('; ')}.`, { hint: 'This is a bug in interup; please report it with the input file.' });
  }
  return { framesOut: outVideo.frameCount, durationOut, audio: audioOut, avOffsetSeconds, checks };
}

/** The planned size (pad or crop included), when one was planned. */
function checkSize(video: { width: number; height: number }, size: SizeFit | undefined, checks: string[], failures: string[]): void {
  if (!size) return;
  if (video.width === size.width && video.height === size.height) checks.push(`size ${size.width}x${size.height} as planned${size.mode === 'exact' ? '' : ` (${size.mode})`}`);
  else failures.push(`the output is ${video.width}x${video.height} but ${size.width}x${size.height} was planned`);
}

/** Proof of a range (a queue segment): the planned size and number of frames, video only. The whole video
 *  is checked against the input (duration, audio, A/V offset) once the ranges are joined. */
export async function verifyRange(file: string, timeline: Timeline, signal?: AbortSignal, size?: SizeFit): Promise<Verification> {
  const out = await probeMedia(file, { signal });
  const video = out.video;
  if (!video) throw new InterupError('VERIFY_FAILED', `The output ${file} has no video stream.`);
  const checks: string[] = [];
  const failures: string[] = [];
  checkSize(video, size, checks, failures);
  if (video.frameCount === timeline.count) checks.push(`frame count ${video.frameCount} = planned for the range`);
  else failures.push(`the segment has ${video.frameCount} frames but ${timeline.count} were planned`);
  if (failures.length > 0) {
    throw new InterupError('VERIFY_FAILED', `The segment ${file} failed its checks: ${failures.join('; ')}.`, { hint: 'This is a bug in interup; please report it with the input file.' });
  }
  return { framesOut: video.frameCount, durationOut: Q.toNumber(video.duration), audio: false, avOffsetSeconds: undefined, checks, probe: out };
}
