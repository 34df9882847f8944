// Digests of a file in one streamed pass (videos and model weights are large): the one place a file's
// SHA-256 is computed. Node's own crypto and fs streams; a package would add nothing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface DigestOptions {
  signal?: AbortSignal;
  /** Sees every chunk too, in order (e.g. to digest an upload's parts in the same pass). */
  onChunk?: (chunk: Buffer) => void;
}

/** Reads `path` once and returns its size and the hex digest for each of `algorithms` ('sha256', 'md5'). */
export async function digestFile<A extends string>(path: string, algorithms: readonly A[], options: DigestOptions = {}): Promise<{ size: number; hex: Record<A, string> }> {
  const hashes = algorithms.map((a) => createHash(a));
  let size = 0;
  for await (const chunk of createReadStream(path, { signal: options.signal })) {
    const buf = chunk as Buffer;
    size += buf.length;
    for (const h of hashes) h.update(buf);
    options.onChunk?.(buf);
  }
  const hex = Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')])) as Record<A, string>;
  return { size, hex };
}

/** SHA-256 (hex) and size of a file, streamed. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const { size, hex } = await digestFile(path, ['sha256'], { signal });
  return { sha256: hex.sha256, size };
}
