// What a worker accepts from the queue. Whoever can write to Redis can write any job, so every job is
// checked again here, on the box that runs it: no credentials, inputs only from http(s), s3:// or the
// local folders the worker was started with, outputs only to a bucket.
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../util/index.js';

/** Key names that hold secrets; a job carrying one is refused whole. */
const SECRET_KEY = /(secret|password|passwd|token|api[-_]?key|access[-_]?key|credential|private[-_]?key)/i;

/** Paths (like "s3.secretAccessKey") of every key in `value` that looks like it holds a secret. */
export function findSecretKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecretKeys(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const here = path ? `${path}.${key}` : key;
    return [...(SECRET_KEY.test(key) ? [here] : []), ...findSecretKeys(v, here)];
  });
}

/** Refuses anything carrying credentials: each box has its own, and Redis is no place for them. */
export function refuseSecrets(value: unknown, what: string): void {
  const found = findSecretKeys(value);
  if (found.length > 0) {
    throw new InputError('QUEUE_CREDENTIALS', `${what} carries credentials (${found.join(', ')}); credentials never travel through Redis.`, {
      hint: 'Give each box its own S3/B2 and vast.ai credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, CONTAINER_API_KEY) and remove them from the batch.',
    });
  }
}

/** Resolves the allowed folders once (symlinks followed), so a check cannot be fooled by a link. */
export async function resolveAllowDirs(dirs: readonly string[]): Promise<string[]> {
  return Promise.all(
    dirs.map(async (dir) => {
      try {
        return await realpath(resolve(dir));
      } catch {
        throw new InputError('ALLOW_DIR_MISSING', `--allow-dir ${dir} does not exist.`, { hint: 'Give a folder that exists on this box.' });
      }
    }),
  );
}

const inside = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** Checks a queued job's input; returns it unchanged, or throws one sentence saying why not. */
export async function checkInput(input: string, allowDirs: readonly string[]): Promise<string> {
  if (/^https?:\/\//i.test(input) || /^s3:\/\//i.test(input)) {
    const url = URL.canParse(input) ? new URL(input) : undefined;
    if (url?.password || url?.username) {
      throw new InputError('QUEUE_CREDENTIALS', 'This job\'s input URL carries a user name or password; credentials never travel through Redis.', {
        hint: 'Give the boxes their own access (S3 credentials, or a URL that needs none).',
      });
    }
    return input;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(input)) {
    throw new InputError('QUEUE_INPUT_SCHEME', `Input ${JSON.stringify(input)} is refused: a queued job's input must be an http(s):// or s3:// URL, or a file in a folder this worker allows.`, {
      hint: 'Put the video where every box can reach it (http(s) or s3://).',
    });
  }
  const outside = (): InputError =>
    new InputError('QUEUE_INPUT_OUTSIDE', `Input ${input} is refused: it is a local path outside the folders this worker may read (${allowDirs.length > 0 ? allowDirs.join(', ') : 'none: no --allow-dir given'}).`, {
      hint: 'Use an http(s):// or s3:// input, or start the worker with --allow-dir FOLDER holding the file.',
    });
  if (!isAbsolute(input) || allowDirs.length === 0) throw outside();
  let real: string;
  try {
    real = await realpath(input);
  } catch {
    // A missing file inside an allowed folder is the job's own failure; outside, it is still refused.
    if (allowDirs.some((dir) => inside(dir, resolve(input)))) return input;
    throw outside();
  }
  if (!allowDirs.some((dir) => inside(dir, real))) throw outside();
  return real;
}
