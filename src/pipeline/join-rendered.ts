// The join of a split video from segment files on this box: the segments in order by stream copy, with
// what the whole run's encoder writes beside its video (the source's other streams, tags, chapters, the
// -copyts timing and colour tags), then the whole run's own checks (size, frame count, duration, audio,
// A/V offset). The queue worker's join fetches the segments and calls this; a checkpointed run
// (checkpoint.ts) joins its work folder's segments with it.
import { Q } from '../frames/index.js';
import { encodedStart, joinSegments, type MediaInfo } from '../media/index.js';
import { planOutput, planOutputPicture } from './plan-output.js';
import type { ProcessOptions } from './types.js';
import { type Verification, verifyOutput } from './verify.js';
import { InterupError, type Logger } from '../util/index.js';

export interface RenderedJoin {
  /** Segment files in timeline order, each with the number of output frames it holds. */
  segments: readonly { path: string; frames: number }[];
  /** The input as the job names it (for messages), and its probe (of the local copy). */
  input: string;
  media: MediaInfo;
  /** The job's pipeline options, as each segment was rendered with them (less its range). */
  options: Omit<ProcessOptions, 'input' | 'output'>;
  /** The encoder the segments were written with (a split pins it). */
  encoder: string;
  output: string;
  /** Where the concat list is written. */
  listFile: string;
  logger?: Logger;
  signal?: AbortSignal;
}

/** Joins the segments into `output` as the single-box run would have written it, and verifies the whole. */
export async function joinRendered(join: RenderedJoin): Promise<Verification> {
  const { media, options } = join;
  const video = media.video;
  if (!video) throw new InterupError('INPUT_NO_VIDEO', `Input ${join.input} has no video stream.`);
  const { timeline, deinterlace } = planOutput(options, video);
  const frames = join.segments.reduce((sum, s) => sum + s.frames, 0);
  if (frames !== timeline.count) {
    throw new InterupError('JOIN_PLAN_CHANGED', `Input ${join.input} now plans ${timeline.count} output frames, not the ${frames} its segments hold; it changed since it was split.`, {
      hint: 'Submit the job again: it is split anew.',
    });
  }
  const picture = planOutputPicture(options, video, join.encoder, deinterlace);
  await joinSegments({
    segments: join.segments.map((s) => ({ path: s.path, seconds: Q.div(Q.rat(BigInt(s.frames)), timeline.fps) })),
    output: join.output,
    listFile: join.listFile,
    // Where the whole run's encoder shows its first frame: the concat demuxer starts at 0 whatever the first segment did.
    videoStart: encodedStart(timeline.start, timeline.fps),
    copyFrom: media,
    color: video.color,
    outputFormat: picture.output,
    logger: join.logger,
    signal: join.signal,
  });
  return verifyOutput(join.output, media, timeline, join.signal, picture.output.fit);
}
