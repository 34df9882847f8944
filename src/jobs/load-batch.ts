// Reads a batch file (YAML or JSON), validates it and resolves every job: merged options, where its
// output goes, a stable id and a fingerprint of what it asks for (a changed job is not a done job).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { upscaleSettings } from '../pipeline/index.js';
import { isS3Url, parseS3Url, S3SettingsSchema } from '../storage/index.js';
import { describeError, InputError, registerSecret } from '../util/index.js';
import { BatchFileSchema, JobOptionsSchema, JobSpecSchema, UploadSettingsSchema, type BatchFile } from './batch-schema.js';
import { formatIssues } from './format-issues.js';
import { mergeJobOptions, type ResolvedOptions } from './job-options.js';

export type JobOutput = { kind: 's3'; bucket: string; key: string; url: string } | { kind: 'local'; path: string };

export interface ResolvedJob {
  id: string;
  index: number;
  /** As written in the file, for manifests and messages. */
  input: string;
  /** A local path resolved against the batch file's folder, or the URL as is. */
  source: string;
  output: JobOutput;
  outputText: string;
  options: ResolvedOptions;
  /** SHA-256 of what the job asks for; a state or manifest with another fingerprint is someone else's. */
  fingerprint: string;
}

export interface LoadedBatch {
  file: string;
  config: BatchFile;
  jobs: ResolvedJob[];
  manifestDir: string;
  workDir: string;
  stateFile: string;
  /** True when the file holds S3 credentials (allowed, discouraged). */
  credentialsInFile: boolean;
  /** What loading decided that a person should hear, e.g. a default a job's mode does not inherit. */
  notes: string[];
}

const KNOWN: Record<string, readonly string[]> = {
  '(top level)': Object.keys(BatchFileSchema.shape),
  defaults: Object.keys(JobOptionsSchema.shape),
  s3: Object.keys(S3SettingsSchema.shape),
  upload: Object.keys(UploadSettingsSchema.shape),
};

const knownKeys = (path: string): readonly string[] => KNOWN[path] ?? (/^jobs\[\d+\]$/.test(path) ? Object.keys(JobSpecSchema.shape) : []);

function bad(file: string, problems: string[]): InputError {
  return new InputError('BAD_BATCH_FILE', `Batch file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
    hint: '\nFix the fields named above and run again.',
  });
}

/** Parses text by the file's extension (.json → JSON, anything else → YAML). */
function parseText(file: string, text: string): unknown {
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw bad(file, [`cannot be parsed: ${(error as Error).message.split('\n')[0]}`]);
  }
}

const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Loads and validates a batch file; every problem is listed at once with its field path. */
export async function loadBatch(path: string): Promise<LoadedBatch> {
  const file = resolve(path);
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new InputError('BATCH_FILE_UNREADABLE', `Cannot read batch file ${file}: ${(error as Error).message}`);
  });
  const parsed = BatchFileSchema.safeParse(parseText(file, text), { reportInput: true });
  if (!parsed.success) throw bad(file, formatIssues(parsed.error.issues, knownKeys));
  const config = parsed.data;
  const base = dirname(file);
  const problems: string[] = [];
  const notes: string[] = [];
  if (config.defaults.targetFps !== undefined && config.defaults.factor !== undefined) {
    problems.push('defaults: targetFps and factor exclude each other; give one (a job may still set the other, which replaces it)');
  }
  const jobs = config.jobs.map((spec, index) => {
    const { id: givenId, input, output: outputText } = spec;
    const merged = mergeJobOptions(config.defaults, spec, index);
    problems.push(...merged.problems);
    notes.push(...merged.notes);
    const options = merged.options;
    // The upscale options a run would refuse (a model without that scale …), refused now instead.
    if (merged.problems.length === 0) {
      try {
        upscaleSettings(options);
      } catch (error) {
        problems.push(`jobs[${index}]: ${describeError(error)}`);
      }
    }
    let output: JobOutput;
    if (isS3Url(outputText)) {
      try {
        const loc = parseS3Url(outputText);
        output = { kind: 's3', ...loc, url: outputText };
      } catch {
        problems.push(`jobs[${index}].output: expected s3://bucket/key or a local path, received ${JSON.stringify(outputText)}`);
        output = { kind: 'local', path: outputText };
      }
    } else {
      output = { kind: 'local', path: isAbsolute(outputText) ? outputText : join(base, outputText) };
    }
    const source = /^(https?|s3):\/\//i.test(input) || isAbsolute(input) ? input : join(base, input);
    const id = givenId ?? `${basename(outputText).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}-${digest(outputText).slice(0, 8)}`;
    const fingerprint = digest(JSON.stringify({ input, output: outputText, options: Object.entries(options).sort() }));
    return { id, index, input, source, output, outputText, options, fingerprint };
  });
  const seen = new Map<string, number>();
  for (const job of jobs) {
    for (const [what, value] of [['id', job.id], ['output', job.outputText]] as const) {
      const k = `${what}:${value}`;
      const first = seen.get(k);
      if (first !== undefined) problems.push(`jobs[${job.index}].${what}: same ${what} as jobs[${first}] (${JSON.stringify(value)})`);
      else seen.set(k, job.index);
    }
  }
  if (problems.length > 0) throw bad(file, problems);
  const credentialsInFile = Boolean(config.s3?.accessKeyId || config.s3?.secretAccessKey);
  registerSecret(config.s3?.secretAccessKey);
  registerSecret(config.s3?.accessKeyId);
  const home = join(base, `${basename(file, extname(file))}.interup`);
  return {
    file,
    config,
    jobs,
    manifestDir: config.manifestDir ? resolve(base, config.manifestDir) : join(home, 'manifests'),
    workDir: config.workDir ? resolve(base, config.workDir) : join(home, 'work'),
    stateFile: join(home, 'state.json'),
    credentialsInFile,
    notes,
  };
}
