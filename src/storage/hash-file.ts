// Everything an upload must know about its file, in one streamed pass: size, SHA-256 (the proof stored in
// metadata), MD5 (what a single-part ETag is when its form proves it) and the multipart ETag S3 would
// compute for a given part size (MD5 of the parts' MD5s, "-N").
import { createHash, type Hash } from 'node:crypto';
import { digestFile } from '../util/index.js';

export interface FileHashes {
  size: number;
  sha256: string;
  md5: string;
  /** `md5(md5(part1)…md5(partN))-N` for `partSize`, when the file spans more than one part. */
  multipartEtag?: string;
  partSize: number;
}

/** Hashes a file once; `partSize` must be the one the upload will use. */
export async function hashFile(path: string, partSize: number, signal?: AbortSignal): Promise<FileHashes> {
  const partDigests: Buffer[] = [];
  let part: Hash = createHash('md5');
  let inPart = 0;
  // Splits the stream at part boundaries and keeps each part's MD5.
  const onChunk = (chunk: Buffer): void => {
    let buf = chunk;
    while (buf.length > 0) {
      const take = Math.min(buf.length, partSize - inPart);
      part.update(buf.subarray(0, take));
      inPart += take;
      buf = buf.subarray(take);
      if (inPart === partSize) {
        partDigests.push(part.digest());
        part = createHash('md5');
        inPart = 0;
      }
    }
  };
  const { size, hex } = await digestFile(path, ['sha256', 'md5'], { signal, onChunk });
  if (inPart > 0) partDigests.push(part.digest());
  const multipartEtag =
    partDigests.length > 1 ? `${createHash('md5').update(Buffer.concat(partDigests)).digest('hex')}-${partDigests.length}` : undefined;
  return { size, sha256: hex.sha256, md5: hex.md5, multipartEtag, partSize };
}
