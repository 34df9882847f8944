export { createS3Client, S3SettingsSchema, type S3Settings } from './s3-client.js';
export { parseS3Url, formatS3Url, isS3Url, type S3Location } from './s3-url.js';
export { sha256File } from './sha256.js';
export { classifyEtag, bareEtag, type EtagKind } from './etag.js';
export { verifyObject, SHA256_METADATA_KEY, type ExpectedObject, type VerifyResult, type VerifyStatus } from './verify-object.js';
export {
  ResultManifestSchema,
  BatchManifestSchema,
  JobOutcomeSchema,
  type ResultManifest,
  type BatchManifest,
  type JobOutcome,
} from './manifest.js';
