// One definition per setting (the shape of Remotion's options/*.tsx): its key in options objects and batch
// files, its command-line flag, description, environment variable, default, and one check that both the
// text parser (flags, env) and the batch file's zod field use, so every bad value gets one message shape:
// "Expected a positive integer for --threads but received "0"." and, for text that is no number at all,
// "... but received "abc", which is not a number." (no range essay: the range is not the problem).
import { z } from 'zod';
import { InputError, expected } from '../util/index.js';

export interface Setting<T> {
  /** Name in ProcessOptions, batch files and commander's parsed flags: 'threads', 'sceneDetect'. */
  readonly key: string;
  /** Commander flag spec: '--threads <n>', '--no-scene-detect'; undefined for an env-only setting. */
  readonly flag?: string;
  readonly description: string;
  /** Environment variable that gives a value when the flag is absent (the flag wins). */
  readonly env?: string;
  readonly default?: T;
  /** The allowed values of a choice, for help and messages. */
  readonly choices?: readonly string[];
  /** What a valid value is, for messages: "a positive integer". */
  readonly expected: string;
  /** Parses text from a flag or env var; throws InputError naming `name` (default: the flag or env var). */
  parse(text: string, name?: string): T;
  /** The batch file's field for this setting. */
  readonly schema: z.ZodType<T>;
}

/** Where a resolved value came from, for logs ("threads from --threads", "timeout from BATCH_TIMEOUT"). */
export type SettingSource = 'flag' | 'env' | 'file' | 'default';

/** The name a person typed: '--threads' from '--threads <n>', or the env var for an env-only setting. */
export function settingName(setting: Setting<unknown>): string {
  return setting.flag?.split(/[ ,]/)[0] ?? setting.env ?? setting.key;
}

function refuse(setting: { expected: string; hint?: string }, name: string, text: unknown, why?: string): never {
  // The hint explains the range or the choice; a value that is not even a number needs no essay.
  const hint = why === undefined ? setting.hint : undefined;
  throw new InputError('BAD_SETTING', `${expected(setting.expected, name, text, why)}.`, hint ? { hint } : {});
}

/** Why numeric text cannot be read, or undefined when it is a number ('1.5' for an integer: not whole). */
export function notANumber(text: string, integer = false): string | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return 'is not a number';
  if (integer && !INTEGER.test(t)) return 'is not a whole number';
  return undefined;
}

interface Common<T> {
  key: string;
  flag?: string;
  description: string;
  env?: string;
  default?: T;
  /** Added after the message: what to do. */
  hint?: string;
}

// Builds a setting from a text converter and one value check shared by flags, env vars and the batch file.
// `unreadable` says why text is not even a candidate value (numbers: "is not a number").
function build<T>(
  common: Common<T>,
  what: string,
  fromText: (text: string) => T | undefined,
  check: (value: T) => boolean,
  base: (error: (issue: { input?: unknown }) => string) => z.ZodType<T>,
  choices?: readonly string[],
  unreadable?: (text: string) => string | undefined,
): Setting<T> {
  const setting: Setting<T> = {
    ...common,
    choices,
    expected: what,
    parse(text: string, name?: string): T {
      const value = fromText(text.trim());
      if (value === undefined || !check(value)) refuse({ expected: what, hint: common.hint }, name ?? settingName(setting), text, unreadable?.(text));
      return value;
    },
    // A value of the wrong type in a batch file gets the flag's words, not zod's ("expected number, received
    // string"): `crf: high` reads "expected an integer from 0 to 63, received "high", which is not a number".
    schema: base((issue) => batchMessage(what, issue.input, unreadable)).refine(check, { error: (issue) => batchMessage(what, issue.input) }),
  };
  return setting;
}

// "expected WHAT, received INPUT" for a batch file's field; text that cannot be a number says so, and numeric
// text in quotes is told to lose them.
function batchMessage(what: string, input: unknown, unreadable?: (text: string) => string | undefined): string {
  const why = typeof input === 'string' && unreadable ? (unreadable(input) ?? 'is text: write the number without quotes') : undefined;
  return `expected ${what}, received ${input === undefined ? 'nothing' : JSON.stringify(input)}${why ? `, which ${why}` : ''}`;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Words for a range: "a positive integer", "an integer from 5 to 5120", "a number greater than 0 and at most 64". */
function rangeWords(kind: 'integer' | 'number', min: number | undefined, max: number | undefined, above: boolean): string {
  const a = kind === 'integer' ? 'an integer' : 'a number';
  if (kind === 'integer' && min === 1 && max === undefined) return 'a positive integer';
  if (above && min !== undefined) return max === undefined ? `${a} greater than ${min}` : `${a} greater than ${min} and at most ${max}`;
  if (min !== undefined && max !== undefined) return `${a} from ${min} to ${max}`;
  if (min !== undefined) return `${a} ≥ ${min}`;
  return max === undefined ? a : `${a} ≤ ${max}`;
}

/** A whole number within [min, max]. */
export function intSetting(common: Common<number> & { min?: number; max?: number; multipleOf?: number; expected?: string }): Setting<number> {
  const { min, max, multipleOf } = common;
  const what = common.expected ?? rangeWords('integer', min, max, false);
  const check = (n: number): boolean =>
    Number.isSafeInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max) && (multipleOf === undefined || n % multipleOf === 0);
  return build(common, what, (t) => (INTEGER.test(t) ? Number(t) : undefined), check, (error) => z.number({ error }), undefined, (t) => notANumber(t, true));
}

/** A finite number within its bounds (`above`: strictly greater than min). */
export function numberSetting(common: Common<number> & { min?: number; max?: number; above?: boolean; expected?: string }): Setting<number> {
  const { min, max, above = false } = common;
  const what = common.expected ?? rangeWords('number', min, max, above);
  const check = (n: number): boolean => Number.isFinite(n) && (min === undefined || (above ? n > min : n >= min)) && (max === undefined || n <= max);
  return build(common, what, (t) => (DECIMAL.test(t) ? Number(t) : undefined), check, (error) => z.number({ error }), undefined, (t) => notANumber(t));
}

/** One of a fixed list of words. */
export function choiceSetting<const C extends readonly [string, ...string[]]>(common: Common<C[number]> & { choices: C }): Setting<C[number]> {
  const list = common.choices;
  const what = `one of ${list.join(', ')}`;
  const isChoice = (v: string): v is C[number] => list.includes(v);
  return build<C[number]>(common, what, (t) => (isChoice(t) ? t : undefined), isChoice, (error) => z.string({ error }), list);
}

/** Free text that must not be empty (a name or a path checked later by what uses it). */
export function textSetting(common: Common<string> & { expected?: string; check?: (value: string) => boolean }): Setting<string> {
  const what = common.expected ?? 'a non-empty text';
  const check = (v: string): boolean => v.trim().length > 0 && (common.check?.(v) ?? true);
  return build(common, what, (t) => t, check, (error) => z.string({ error }));
}

/** An on/off switch: `--no-x` flags and booleans in the batch file. */
export function switchSetting(common: Common<boolean>): Setting<boolean> {
  const words: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };
  return build(common, 'true or false', (t) => words[t.toLowerCase()], () => true, (error) => z.boolean({ error }));
}

/** Reads a setting's environment variable: undefined when unset or empty; refused with its name when bad. */
export function readEnv<T>(setting: Setting<T>, env: NodeJS.ProcessEnv = process.env): T | undefined {
  if (!setting.env) return undefined;
  const text = env[setting.env];
  return text === undefined || text === '' ? undefined : setting.parse(text, setting.env);
}

/** The value that wins (flag text, then env var, then the file's value, then the default) and its source. */
export function resolveSetting<T>(
  setting: Setting<T>,
  given: { flag?: string; env?: NodeJS.ProcessEnv; file?: T },
): { value: T | undefined; source: SettingSource; from: string } {
  if (given.flag !== undefined && given.flag !== '') return { value: setting.parse(given.flag), source: 'flag', from: settingName(setting) };
  const fromEnv = readEnv(setting, given.env ?? process.env);
  if (fromEnv !== undefined) return { value: fromEnv, source: 'env', from: setting.env ?? '' };
  if (given.file !== undefined) return { value: given.file, source: 'file', from: `${setting.key} in the batch file` };
  return { value: setting.default, source: 'default', from: 'the default' };
}
