// Processors for batch tests. The real one is the ffmpeg re-encode STAND-IN for the pipeline
// (src/jobs/stand-in-processor.ts) until the lead wires processVideo in; wrappers count calls or hang.
import { standInProcessVideo } from '../../src/jobs/stand-in-processor.js';
import type { ProcessVideo } from '../../src/pipeline/types.js';

/** The stand-in, counting which inputs it processed. */
export function countingProcessor(): { processVideo: ProcessVideo; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    processVideo: async (options, context) => {
      calls.push(options.output);
      return standInProcessVideo(options, context);
    },
  };
}

/** A processor stuck until its signal aborts (a job that would run forever without the timeout). */
export const stuckProcessor: ProcessVideo = (_options, context) =>
  new Promise((_resolve, reject) => {
    context.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });

/** A processor that copies input to output (for tests about the runner, not about video). */
export const copyProcessor: ProcessVideo = async (options) => {
  const { copyFile, mkdir } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await mkdir(dirname(options.output), { recursive: true });
  await copyFile(options.input, options.output);
  return {
    input: options.input, output: options.output, mode: options.mode, engines: { interpolate: 'test:copy' },
    fpsIn: '0/1', fpsOut: '0/1', framesIn: 0, framesOut: 0, framesPlanned: 0, durationIn: 0, durationOut: 0,
    audio: false, sceneCuts: 0, width: 0, height: 0, encoder: 'copy', wallSeconds: 0, averageFps: 0, checks: [],
  };
};
