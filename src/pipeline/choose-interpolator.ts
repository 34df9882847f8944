// The one choice of interpolator for a run, whole or checkpointed: --prefer's chain, or blend standing in
// for an upscale-only run (every slot copies a frame, so it is never called).
import { blendFactory, selectInterpolator, type SelectedInterpolator } from '../engines/index.js';
import type { PixelFormat } from '../frames/index.js';
import { silentLogger } from '../util/index.js';
import type { RunSettings } from './run-settings.js';
import type { ProcessContext } from './types.js';

/** The interpolator for --prefer, given the frames' pixel format; upscale only gets blend, silently. */
export function chooseInterpolator(settings: RunSettings, frameFormat: PixelFormat, context: ProcessContext): Promise<SelectedInterpolator> {
  const upscaleOnly = settings.mode === 'upscale';
  return selectInterpolator(
    upscaleOnly ? 'auto' : settings.prefer,
    {
      logger: upscaleOnly ? silentLogger : context.logger,
      device: settings.device,
      threads: settings.threads,
      modelsDir: settings.modelsDir,
      allowFetch: true,
      onProgress: context.onProgress,
      signal: context.signal,
      frameFormat,
    },
    upscaleOnly ? [blendFactory] : context.interpolators,
  );
}
