// Turns zod issues into lines a person can act on: the field's path as written in the file
// ("jobs[1].targetFps"), what was expected and what came, and the right name for a misspelt key.
import type { z } from 'zod';

/** "jobs[1].targetFps" from ['jobs', 1, 'targetFps']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

const squash = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

/** Names people reach for that mean one of ours (the seed's and other tools' spellings). */
const ALIASES: Record<string, string> = { pathstyle: 'forcePathStyle', fps: 'targetFps', timeout: 'jobTimeout', batchtimeout: 'jobTimeout', src: 'input', dest: 'output' };

/** A known key that a misspelling (snake_case, wrong case, a common alias) most likely meant. */
function suggest(key: string, known: readonly string[]): string | undefined {
  const alias = ALIASES[squash(key)];
  return known.find((k) => squash(k) === squash(key)) ?? (alias && known.includes(alias) ? alias : undefined);
}

/** zod's type names in a batch file's words. */
const TYPE_WORDS: Record<string, string> = { string: 'a text', number: 'a number', boolean: 'true or false', object: 'a mapping (key: value)', array: 'a list' };

// zod's own "expected string, received undefined" in words: a missing field is missing, and what came is shown.
function typeMessage(issue: z.core.$ZodIssueInvalidType): string {
  const wanted = TYPE_WORDS[issue.expected] ?? issue.expected;
  if (issue.input === undefined) return `missing (expected ${wanted})`;
  return `expected ${wanted}, received ${JSON.stringify(issue.input)}`;
}

/** One line per issue; `knownKeys` (by path) lets unknown keys suggest the right name. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], knownKeys: (path: string) => readonly string[] = () => []): string[] {
  return issues.flatMap((issue) => {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const hint = suggest(key, knownKeys(where));
        return `${where === '(top level)' ? key : `${where}.${key}`}: unknown key${hint ? ` (did you mean "${hint}"?)` : ''}`;
      });
    }
    if (issue.code === 'invalid_type' && /^Invalid input: expected \w+, received \w+$/.test(issue.message)) return [`${where}: ${typeMessage(issue)}`];
    const message = issue.message.replace(/^Invalid (input|option): /, '');
    // Format and value issues do not say what came; show it (zod keeps it when parsing with reportInput).
    const shown = (issue.code === 'invalid_format' || issue.code === 'invalid_value') && 'input' in issue ? `, received ${JSON.stringify(issue.input)}` : '';
    return [`${where}: ${message}${shown}`];
  });
}
