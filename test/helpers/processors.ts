// Processors for batch tests: the real pipeline (counting its calls), and two for tests about the runner
// alone (one that hangs until aborted, one that copies bytes).
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { processVideo } from '../../src/pipeline/index.js';
import type { ProcessVideo } from '../../src/pipeline/types.js';

/** The real pipeline, counting which outputs it made. */
export function countingProcessor(): { processVideo: ProcessVideo; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    processVideo: async (options, context) => {
      calls.push(options.output);
      return processVideo(options, context);
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
  await mkdir(dirname(options.output), { recursive: true });
  await copyFile(options.input, options.output);
  return {
    input: options.input, output: options.output, mode: options.mode, engines: { interpolate: 'test:copy' },
    fpsIn: '0/1', fpsOut: '0/1', framesIn: 0, framesOut: 0, framesPlanned: 0, durationIn: 0, durationOut: 0,
    audio: false, sceneCuts: 0, width: 0, height: 0, encoder: 'copy', wallSeconds: 0, averageFps: 0, checks: [],
  };
};
