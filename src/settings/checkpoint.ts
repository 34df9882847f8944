// Settings of a checkpointed run (`interup run`, batch jobs): how much output each checkpoint holds, and
// whether a rerun resumes from the checkpoints an interrupted run left (pipeline/checkpoint.ts).
import { numberSetting, switchSetting } from './define.js';

/** Output seconds per checkpoint: at most this much work is lost when a run is killed. */
export const checkpointSeconds = numberSetting({
  key: 'checkpointSeconds',
  flag: '--checkpoint-seconds <seconds>',
  description: 'write the output as checkpoints of about this many seconds, so a killed run resumes where it stopped (videos shorter than 3 checkpoints are rendered in one piece)',
  default: 60,
  min: 0,
  above: true,
  max: 86_400,
  expected: 'a positive number of seconds (at most 86400)',
});

/** --no-resume: start over, discarding the checkpoints an interrupted run left. */
export const resume = switchSetting({
  key: 'resume',
  flag: '--no-resume',
  description: 'start over: discard the checkpoints an interrupted run of the same output left (default: resume from them)',
  default: true,
});
