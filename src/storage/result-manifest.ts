// The result manifest is the commit marker of an upload: `<key>.manifest.json` next to the object, written
// only after the object verified, plus the same JSON in a local folder a watchdog can watch. A result is
// trusted (and a batch job skipped, even on a fresh box) only when its manifest exists AND the object still
// HEAD-verifies against the manifest's size and SHA-256.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic-write.js';
import { ResultManifestSchema, type ResultManifest } from './manifest.js';
import { awsHttpStatus } from './retry.js';
import { verifyObject, type VerifyResult } from './verify-object.js';

/** Key of the manifest object that sits next to a result. */
export function manifestKey(key: string): string {
  return `${key}.manifest.json`;
}

/** Local file name for a result's manifest: bucket and key flattened into one safe name. */
export function localManifestPath(dir: string, bucket: string, key: string): string {
  return join(dir, `${bucket}__${key}`.replace(/[^A-Za-z0-9._-]/g, '_') + '.manifest.json');
}

/** Stores the manifest next to the object, then (if `localDir`) in the local folder; returns the local path. */
export async function writeResultManifest(client: S3Client, manifest: ResultManifest, localDir?: string, signal?: AbortSignal): Promise<string | undefined> {
  const body = `${JSON.stringify(ResultManifestSchema.parse(manifest), null, 2)}\n`;
  await client.send(
    new PutObjectCommand({ Bucket: manifest.bucket, Key: manifestKey(manifest.key), Body: body, ContentType: 'application/json' }),
    { abortSignal: signal },
  );
  if (!localDir) return undefined;
  const path = localManifestPath(localDir, manifest.bucket, manifest.key);
  await writeJsonAtomic(path, manifest);
  return path;
}

/** Removes a result's manifest object (the commit marker) before its object is replaced; 404 is fine. */
export async function deleteResultManifest(client: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: manifestKey(key) }), { abortSignal: signal });
}

/** Reads the manifest object next to `key`; undefined when absent or not a valid manifest for this key. */
export async function readResultManifest(client: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<ResultManifest | undefined> {
  let text: string;
  try {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey(key) }), { abortSignal: signal });
    text = (await got.Body?.transformToString()) ?? '';
  } catch (error) {
    const status = awsHttpStatus(error);
    const name = (error as { name?: string }).name;
    if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ResultManifestSchema.safeParse(json);
  if (!parsed.success || parsed.data.bucket !== bucket || parsed.data.key !== key) return undefined;
  return parsed.data;
}

/** A finished result already in the bucket: its manifest, and a fresh HEAD that agrees with it. */
export async function findVerifiedResult(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<{ manifest: ResultManifest; verify: VerifyResult } | undefined> {
  const manifest = await readResultManifest(client, bucket, key, signal);
  if (!manifest) return undefined;
  const verify = await verifyObject(client, { bucket, key, size: manifest.size, sha256: manifest.sha256 }, signal);
  return verify.status === 'verified' ? { manifest, verify } : undefined;
}
