// Settings of a verified upload (interup upload's flags, a batch file's `upload` section) and of a batch
// run (the per-job timeout: --job-timeout, then BATCH_TIMEOUT, then the file's jobTimeout).
import { intSetting, numberSetting, switchSetting } from './define.js';

export const partSizeMiB = intSetting({
  key: 'partSizeMiB',
  flag: '--part-size-mib <n>',
  description: 'MiB per part (5 to 5120; S3 needs at least 5)',
  default: 16,
  min: 5,
  max: 5120,
});

export const concurrency = intSetting({
  key: 'concurrency',
  flag: '--concurrency <n>',
  description: 'parts in flight (1 to 32)',
  default: 4,
  min: 1,
  max: 32,
});

export const attempts = intSetting({
  key: 'attempts',
  flag: '--attempts <n>',
  description: 'whole-upload attempts on transient failures (1 to 10)',
  default: 3,
  min: 1,
  max: 10,
});

export const readBack = switchSetting({
  key: 'readBack',
  flag: '--read-back',
  description: 'also download the object and compare its SHA-256 (strongest check, costs a download)',
  default: false,
});

export const etagCheck = switchSetting({
  key: 'etagCheck',
  flag: '--no-etag-check',
  description: 'do not fail on a plain-MD5 ETag that differs from the file (SSE-KMS buckets)',
  default: true,
});

/** Seconds one batch job may run (the old pipeline's BATCH_TIMEOUT). */
export const jobTimeout = numberSetting({
  key: 'jobTimeout',
  flag: '--job-timeout <seconds>',
  env: 'BATCH_TIMEOUT',
  description: 'stop a job that runs longer than this many seconds (wins over BATCH_TIMEOUT and the file\'s jobTimeout)',
  min: 0,
  above: true,
  expected: 'a positive number of seconds',
});
