// Commander options built from the settings definitions (src/settings): the flag, description, choices and
// default come from the definition, and a bad value is refused while the command line is parsed, with the
// definition's one message shape and exit 2, before any file is read or any model loads.
import { Option, type Command } from 'commander';
import { readEnv, settingName, type Setting } from '../settings/index.js';
import type { Logger } from '../util/index.js';

export interface OptionOverrides {
  description?: string;
  /** A short alias: '-i'. */
  short?: string;
  /** Make the flag required (commander says so when it is missing). */
  required?: boolean;
}

/** Switches take no value: '--no-progress', '--read-back'. */
const isSwitch = (setting: Setting<unknown>): boolean => !/[<[]/.test(setting.flag ?? '');

/** The commander option for one setting. */
export function settingOption(setting: Setting<unknown>, overrides: OptionOverrides = {}): Option {
  if (!setting.flag) throw new Error(`setting ${setting.key} has no command-line flag`);
  const env = setting.env ? ` (env ${setting.env})` : '';
  const option = new Option(overrides.short ? `${overrides.short}, ${setting.flag}` : setting.flag, `${overrides.description ?? setting.description}${env}`);
  if (isSwitch(setting)) return option;
  // choices() first (help lists them), then our parser replaces commander's own check and message.
  if (setting.choices) option.choices(setting.choices);
  option.argParser((text: string) => setting.parse(text, settingName(setting)));
  if (setting.default !== undefined) option.default(setting.default);
  if (overrides.required) option.makeOptionMandatory();
  return option;
}

/**
 * Adds the options of these settings to a command, and a pre-action step that reads their environment
 * variables (a flag on the command line wins; env-only settings such as INFERENCE_PAD are checked too), so a
 * bad value anywhere stops the command before it starts. The help ends with the variables it reads.
 */
export function addSettings(command: Command, settings: readonly Setting<unknown>[], overrides: Record<string, OptionOverrides> = {}): Command {
  for (const setting of settings) if (setting.flag) command.addOption(settingOption(setting, overrides[setting.key]));
  const withEnv = settings.filter((s) => s.env);
  if (withEnv.length === 0) return command;
  command.addHelpText('after', `\nEnvironment:\n${withEnv.map((s) => `  ${(s.env ?? '').padEnd(15)} ${s.description}`).join('\n')}\n`);
  command.hook('preAction', (self) => {
    for (const setting of withEnv) {
      const attribute = setting.flag ? new Option(setting.flag).attributeName() : undefined;
      if (attribute && self.getOptionValueSource(attribute) === 'cli') continue;
      const value = readEnv(setting);
      if (value !== undefined && attribute) self.setOptionValueWithSource(attribute, value, 'env');
    }
  });
  return command;
}

/** Where a flag's value came from: 'cli', 'env' or 'default' (commander's record, our env step included). */
export function sourceOf(command: Command, setting: Setting<unknown>): string | undefined {
  return setting.flag ? command.getOptionValueSource(new Option(setting.flag).attributeName()) : undefined;
}

/** Logs the settings given on the command line or by environment and where each came from (nothing if none). */
export function logGivenSettings(logger: Logger, command: Command, settings: readonly Setting<unknown>[]): void {
  const given = givenSettings(command, settings);
  if (Object.keys(given).length > 0) logger.info('settings', given);
}

/** The settings given on the command line or by environment, with where each came from. */
export function givenSettings(command: Command, settings: readonly Setting<unknown>[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const setting of settings) {
    const attribute = setting.flag ? new Option(setting.flag).attributeName() : undefined;
    const source = attribute ? command.getOptionValueSource(attribute) : undefined;
    if (attribute && (source === 'cli' || source === 'env')) {
      given[setting.key] = `${String(command.getOptionValue(attribute))} from ${source === 'cli' ? settingName(setting) : setting.env}`;
    } else if (!attribute && setting.env) {
      // readEnv checks the text (a bad one is exit 2); the log shows it as it was given.
      const text = process.env[setting.env];
      if (readEnv(setting) !== undefined && text !== undefined) given[setting.key] = `${text} from ${setting.env}`;
    }
  }
  return given;
}
