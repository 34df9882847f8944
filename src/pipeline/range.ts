// A range of a run (one segment of a queued job): output frames [from, to) of the whole plan, the source
// frames they read, and how to decode only those. What cannot render one segment exactly as the whole run
// would is refused here by name.
import { Q, type Rational } from '../frames/index.js';
import { sliceTimeline, type Timeline, type TimelineSlice } from '../timeline/index.js';
import { InputError } from '../util/index.js';
import type { DeinterlacePlan } from './picture-plan.js';
import type { OutputRange } from './types.js';

/** The slice of `whole` a range renders; refuses deinterlacing, which cannot be cut without changing frames. */
export function planRange(input: string, range: OutputRange, whole: Timeline, deinterlace: DeinterlacePlan): TimelineSlice {
  if (deinterlace.applied) {
    // bwdif reads the frames either side of each one, and one frame per field renumbers the source: a cut
    // would change the frames next to it.
    throw new InputError('RANGE_WITH_DEINTERLACE', `Input ${input} is deinterlaced (${deinterlace.reason}), and a deinterlaced video cannot be rendered one segment at a time.`, {
      hint: 'Render the whole video (no range or segmentSeconds), or turn deinterlacing off (--deinterlace off).',
    });
  }
  return sliceTimeline(whole, range.from, range.to);
}

/** Decoding for a range: from midway between the frame before its first source frame and that frame
 *  (half a frame of margin against timestamp jitter), and only the frames it reads. */
export function rangeDecode(frameTimes: readonly Rational[], part: TimelineSlice): { from?: Rational; maxFrames: number } {
  const i = part.sourceFrom;
  const from = i === 0 ? undefined : Q.div(Q.add(frameTimes[i - 1], frameTimes[i]), Q.rat(2n));
  return { from, maxFrames: part.sourceTo - part.sourceFrom };
}

/** Refuses a folder as a range's output: a segment is written to exactly the file it is given. */
export function refuseRangeFolder(output: string): never {
  throw new InputError('RANGE_TO_FOLDER', `Output ${output} is a folder, but a range (one segment of a video) is written to the file it is named.`, {
    hint: 'Name the segment\'s output file.',
  });
}

/** Refuses a whole-stream filter engine for a range. */
export function refuseRangeStreamFilter(engine: string): never {
  throw new InputError('RANGE_WITH_STREAM_FILTER', `Engine ${engine} filters the whole stream at once and cannot render one segment of it.`, {
    hint: 'Choose another engine (--prefer onnx, ncnn or blend) or do not split the video.',
  });
}
