// `interup upload FILE s3://bucket/key`: a verified upload on its own (multipart, SHA-256 metadata, HEAD
// check, manifest next to the object); prints the result manifest on stdout.
import type { Command } from 'commander';
import { createS3Client, formatS3Url, leftUnderKey, parseS3Url, S3SettingsSchema, uploadVerified } from '../../storage/index.js';
import { attempts, concurrency, etagCheck, partSizeMiB, readBack } from '../../settings/index.js';
import { expected, InputError } from '../../util/index.js';
import { addSettings } from '../settings-options.js';
import { LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface UploadFlags extends LogFlags {
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  partSizeMib: number;
  concurrency: number;
  attempts: number;
  readBack?: boolean;
  etagCheck: boolean;
  manifestDir?: string;
}

export function registerUploadCommand(program: Command): void {
  const command = program
    .command('upload')
    .summary('upload one file to S3/B2 and verify it, with a manifest')
    .description('Upload a file to S3/B2 and verify it (size + SHA-256 metadata by HEAD); writes a manifest next to it.')
    .argument('<file>', 'local file to upload')
    .argument('<destination>', 's3://bucket/key')
    .option('--endpoint <url>', 'S3 endpoint (B2: https://s3.<region>.backblazeb2.com); default $AWS_ENDPOINT_URL_S3 or AWS')
    .option('--region <name>', 'region; default $AWS_REGION or us-east-1')
    .option('--path-style', 'path-style URLs (bucket in the path), for most non-AWS servers');
  addSettings(command, [partSizeMiB, concurrency, attempts, readBack, etagCheck]);
  command.option('--manifest-dir <dir>', 'also write the manifest JSON into this folder (for a watchdog)');
  addSettings(command, LOG_SETTINGS);
  command.action(async (file: string, destination: string, flags: UploadFlags) => {
    const { bucket, key } = parseS3Url(destination);
    const settings = S3SettingsSchema.safeParse({
      endpoint: flags.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL,
      region: flags.region ?? process.env.AWS_REGION ?? 'us-east-1',
      forcePathStyle: flags.pathStyle ?? false,
    });
    if (!settings.success) throw new InputError('BAD_FLAG', `${expected('an http(s) URL', '--endpoint', flags.endpoint)}.`);
    const client = createS3Client(settings.data);
    const url = formatS3Url({ bucket, key });
    try {
      await runCommand(
        flags,
        async ({ out, signal }) => {
          const { manifest } = await uploadVerified({
            client,
            file,
            bucket,
            key,
            partSize: flags.partSizeMib * 1024 * 1024,
            concurrency: flags.concurrency,
            attempts: flags.attempts,
            readBack: flags.readBack ?? false,
            etagCheck: flags.etagCheck,
            manifestDir: flags.manifestDir,
            logger: out.logger,
            onProgress: out.progress,
            signal,
          });
          process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
          return 0;
        },
        // Said only after a HEAD of the key and of its manifest, never assumed.
        async () => {
          const left = await leftUnderKey(client, bucket, key).catch(() => undefined);
          if (!left) return `the upload was stopped; whether anything is left at ${url} could not be checked`;
          if (!left.object && !left.manifest) return `the upload was stopped and aborted; nothing left at ${url}`;
          return `the upload was stopped; ${url} still has ${left.object ? 'an object' : ''}${left.object && left.manifest ? ' and ' : ''}${left.manifest ? 'a manifest' : ''} (a rerun replaces it)`;
        },
      );
    } finally {
      client.destroy();
    }
  });
}
