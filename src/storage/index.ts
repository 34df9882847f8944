export { createS3Client, S3SettingsSchema, type S3Settings } from './s3-client.js';
export { parseS3Url, formatS3Url, isS3Url, type S3Location } from './s3-url.js';
export { sha256File } from '../util/index.js';
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
export { fetchSource, sourceKind, type FetchSourceOptions, type FetchedSource, type SourceKind } from './fetch-source.js';
export { hashFile, type FileHashes } from './hash-file.js';
export { contentTypeOf } from './content-type.js';
export { uploadVerified, leftUnderKey, MIN_PART_SIZE, type UploadVerifiedOptions, type UploadVerifiedResult } from './upload-verified.js';
export { checkUploaded, type UploadCheck } from './check-uploaded.js';
export {
  manifestKey,
  localManifestPath,
  writeResultManifest,
  readResultManifest,
  deleteResultManifest,
  findVerifiedResult,
} from './result-manifest.js';
export { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export { isTransientError, awsHttpStatus } from './retry.js';
export { s3Failure } from './s3-errors.js';
export { abortStaleUploads } from './abort-stale-uploads.js';
