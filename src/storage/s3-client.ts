// One S3 client configuration for AWS, Backblaze B2 and other S3-compatible stores.
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';

export const S3SettingsSchema = z
  .object({
    /** e.g. https://s3.us-west-004.backblazeb2.com or http://127.0.0.1:4568; omit for AWS. */
    endpoint: z.string().url().optional(),
    region: z.string().min(1).default('us-east-1'),
    /** Default bucket for outputs given as plain keys. */
    bucket: z.string().min(1).optional(),
    /** Path-style URLs (bucket in the path): needed for most non-AWS servers and loopback tests. */
    forcePathStyle: z.boolean().default(false),
    /** Only when the user insists on keeping credentials in the file; otherwise the AWS env/profile chain. */
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    maxAttempts: z.number().int().min(1).max(20).default(5),
  })
  .strict();

export type S3Settings = z.infer<typeof S3SettingsSchema>;

/** Creates an S3 client; credentials come from the standard AWS chain unless given explicitly. */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: settings.maxAttempts,
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // Backblaze B2 (and other S3-compatible stores) reject the x-amz-checksum-* headers that AWS SDK v3
    // sends by default since 3.729 ("Unsupported header x-amz-checksum-mode"). Send and validate them only
    // when an operation requires it; integrity is proven by our own SHA-256 metadata + HEAD check instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
