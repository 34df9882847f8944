// The engine settings a library caller gives (threads, device, INFERENCE_PAD), checked once before any
// engine is asked whether it can run, against the same definitions the CLI parses flags with
// (src/settings): a wrong value is the user's mistake (an InputError, exit 2), never a reason for
// `--prefer auto` to skip an engine and run a weaker one.
import { device as deviceSetting, settingName, threads as threadsSetting, type Setting } from '../settings/index.js';
import { InputError, expected } from '../util/index.js';
import { resolvePad } from './pad.js';

export interface EngineSettings {
  threads?: number;
  device?: string;
}

function check<T>(setting: Setting<T>, value: unknown, hint?: string): void {
  if (value === undefined || setting.schema.safeParse(value).success) return;
  throw new InputError('BAD_SETTING', `${expected(setting.expected, settingName(setting), value)}.`, hint ? { hint } : {});
}

/** Throws InputError for a bad thread count, an unknown device or a bad INFERENCE_PAD. */
export function checkEngineSettings(settings: EngineSettings, options: { pad: boolean }): void {
  check(threadsSetting, settings.threads, 'Give the number of CPU threads, e.g. --threads 4, or leave it out to use every core.');
  check(deviceSetting, settings.device, '`interup doctor` lists the devices this machine has.');
  if (options.pad) resolvePad();
}
