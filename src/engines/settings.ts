// The engine settings a user gives (--threads, --device, INFERENCE_PAD), checked once before any engine is
// asked whether it can run: a wrong value is the user's mistake (an InputError, exit 2), never a reason
// for `--prefer auto` to skip an engine and run a weaker one.
import { InputError, expected } from '../util/errors.js';
import { DEVICES } from './onnx/providers.js';
import { resolvePad } from './pad.js';

export interface EngineSettings {
  threads?: number;
  device?: string;
}

/** Throws InputError for a bad thread count, an unknown device or a bad INFERENCE_PAD. */
export function checkEngineSettings(settings: EngineSettings, options: { pad: boolean }): void {
  const { threads, device } = settings;
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) {
    throw new InputError('BAD_THREADS', `${expected('a positive integer', '--threads', threads)}.`, { hint: 'Give the number of CPU threads, e.g. --threads 4, or leave it out to use every core.' });
  }
  if (device !== undefined && !(DEVICES as readonly string[]).includes(device)) {
    throw new InputError('BAD_DEVICE', `Unknown --device ${JSON.stringify(device)}.`, { hint: `Use one of: ${DEVICES.join(', ')}.` });
  }
  if (options.pad) resolvePad();
}
