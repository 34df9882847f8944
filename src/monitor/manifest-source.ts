// Reads the manifest the watchdog waits for, from s3://… or a local path; "not there yet" is not an error.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchManifestSchema, ResultManifestSchema, type BatchManifest, type ResultManifest } from '../storage/index.js';

/** Where the manifest is: an S3 object, or a local path — a manifest file, or a folder of result
 *  manifests (`*.manifest.json`, as the verified uploader writes them), decided at each check. */
export type ManifestSource = { kind: 's3'; bucket: string; key: string } | { kind: 'file'; path: string };

export type ManifestRead =
  | { status: 'batch'; manifest: BatchManifest }
  | { status: 'result'; manifest: ResultManifest }
  | { status: 'results'; manifests: ResultManifest[]; invalid: string[] }
  | { status: 'absent' | 'invalid' | 'config-error' | 'transient-error'; reason: string };

/** s3://bucket/key or path, for logs. */
export function describeSource(source: ManifestSource): string {
  return source.kind === 's3' ? `s3://${source.bucket}/${source.key}` : source.path;
}

// The text of the manifest, or why it could not be read.
async function readText(source: ManifestSource, client: S3Client | undefined, signal?: AbortSignal): Promise<string | Exclude<ManifestRead, { status: 'batch' | 'result' }>> {
  if (source.kind === 'file') {
    try {
      return await readFile(source.path, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      return code === 'ENOENT' ? { status: 'absent', reason: 'manifest not written yet' } : { status: 'transient-error', reason: `cannot read manifest: ${code ?? String(error)}` };
    }
  }
  if (!client) return { status: 'config-error', reason: 'no S3 client configured for an s3:// manifest' };
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal: signal });
    return (await response.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (error as { name?: string }).name ?? 'Error';
    if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') return { status: 'absent', reason: 'manifest not uploaded yet (404)' };
    if (status === 400 || status === 401 || status === 403 || status === 405 || status === 501) {
      return { status: 'config-error', reason: `GET manifest refused with HTTP ${status} (${name}: ${(error as Error).message})` };
    }
    return { status: 'transient-error', reason: `GET manifest failed: ${status ? `HTTP ${status} ` : ''}${name}` };
  }
}

/** Reads and validates the manifest: a batch manifest or a single result manifest. */
export async function readManifest(source: ManifestSource, client: S3Client | undefined, signal?: AbortSignal): Promise<ManifestRead> {
  if (source.kind === 'file' && (await stat(source.path).then((s) => s.isDirectory(), () => false))) return readManifestDir(source.path);
  const text = await readText(source, client, signal);
  if (typeof text !== 'string') return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'invalid', reason: 'manifest is not valid JSON (still being written?)' };
  }
  const batch = BatchManifestSchema.safeParse(json);
  if (batch.success) return { status: 'batch', manifest: batch.data };
  const result = ResultManifestSchema.safeParse(json);
  if (result.success) return { status: 'result', manifest: result.data };
  const issue = batch.error.issues[0];
  return { status: 'invalid', reason: `not an interup batch or result manifest (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape'})` };
}

// Reads every *.manifest.json in a folder; files that do not parse (yet) are named in `invalid`.
async function readManifestDir(dir: string): Promise<ManifestRead> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.manifest.json') && !n.startsWith('.')).sort();
  } catch {
    return { status: 'absent', reason: `${dir} does not exist (yet)` };
  }
  const manifests: ResultManifest[] = [];
  const invalid: string[] = [];
  for (const name of names) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch {
      json = undefined;
    }
    const parsed = ResultManifestSchema.safeParse(json);
    if (parsed.success) manifests.push(parsed.data);
    else invalid.push(join(dir, name));
  }
  return { status: 'results', manifests, invalid };
}
