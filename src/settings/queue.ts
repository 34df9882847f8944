// Settings of `interup queue`: how long the segments of a split video are.
import { numberSetting } from './define.js';

/** Split each video into segments of about this many seconds, one per worker (`queue submit` only). */
export const segmentSeconds = numberSetting({
  key: 'segmentSeconds',
  flag: '--segment-seconds <seconds>',
  description: 'split each video into segments of about this many seconds, rendered by different workers (interup queue only; a job\'s own segmentSeconds wins)',
  min: 0,
  above: true,
  max: 86_400,
  expected: 'a positive number of seconds (at most 86400)',
});
