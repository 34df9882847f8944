// `interup upload FILE s3://bucket/key`: a verified upload on its own (multipart, SHA-256 metadata, HEAD
// check, manifest next to the object); prints the result manifest on stdout.
import { Command, Option } from 'commander';
import { createS3Client, parseS3Url, S3SettingsSchema, uploadVerified } from '../../storage/index.js';
import { expected, InputError } from '../../util/errors.js';
import { createOutput, type LogFormat } from '../output.js';
import type { LogLevel } from '../../util/logger.js';

interface UploadFlags {
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  partSizeMib: string;
  concurrency: string;
  attempts: string;
  readBack?: boolean;
  etagCheck: boolean;
  manifestDir?: string;
  logFormat: LogFormat;
  logLevel: LogLevel;
  progress: boolean;
}

/** Parses a positive integer flag or throws an InputError that says what came. */
export function positiveInt(value: string, name: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError('BAD_FLAG', expected(`an integer ≥ ${min}`, name, value));
  return n;
}

export function registerUploadCommand(program: Command): void {
  program
    .command('upload')
    .description('Upload a file to S3/B2 and verify it (size + SHA-256 metadata by HEAD); writes a manifest next to it.')
    .argument('<file>', 'local file to upload')
    .argument('<destination>', 's3://bucket/key')
    .option('--endpoint <url>', 'S3 endpoint (B2: https://s3.<region>.backblazeb2.com); default $AWS_ENDPOINT_URL_S3 or AWS')
    .option('--region <name>', 'region; default $AWS_REGION or us-east-1')
    .option('--path-style', 'path-style URLs (bucket in the path), for most non-AWS servers')
    .option('--part-size-mib <n>', 'MiB per part (≥ 5)', '16')
    .option('--concurrency <n>', 'parts in flight', '4')
    .option('--attempts <n>', 'whole-upload attempts on transient failures', '3')
    .option('--read-back', 'also download the object and compare its SHA-256 (strongest check, costs a download)')
    .option('--no-etag-check', 'do not fail on a plain-MD5 ETag that differs from the file (SSE-KMS buckets)')
    .option('--manifest-dir <dir>', 'also write the manifest JSON into this folder (for a watchdog)')
    .addOption(new Option('--log-format <format>', 'log lines as text or JSON').choices(['text', 'json']).default('text'))
    .addOption(new Option('--log-level <level>', 'lowest level shown').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, destination: string, flags: UploadFlags) => {
      const { bucket, key } = parseS3Url(destination);
      const settings = S3SettingsSchema.safeParse({
        endpoint: flags.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL,
        region: flags.region ?? process.env.AWS_REGION ?? 'us-east-1',
        forcePathStyle: flags.pathStyle ?? false,
      });
      if (!settings.success) throw new InputError('BAD_FLAG', expected('an http(s) URL', '--endpoint', flags.endpoint));
      const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: flags.progress });
      const client = createS3Client(settings.data);
      try {
        const { manifest } = await uploadVerified({
          client,
          file,
          bucket,
          key,
          partSize: positiveInt(flags.partSizeMib, '--part-size-mib', 5) * 1024 * 1024,
          concurrency: positiveInt(flags.concurrency, '--concurrency'),
          attempts: positiveInt(flags.attempts, '--attempts'),
          readBack: flags.readBack ?? false,
          etagCheck: flags.etagCheck,
          manifestDir: flags.manifestDir,
          logger: output.logger,
          onProgress: output.progress,
        });
        process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      } finally {
        output.close();
        client.destroy();
      }
    });
}
