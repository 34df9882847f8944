// A file's digests, streamed in chunks, equal the one-shot digests of its bytes; an aborted read rejects.
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestFile, sha256File } from '../../src/util/file-digest.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('digestFile / sha256File', () => {
  it('matches the known SHA-256 of "abc" and one-shot digests of a file many stream chunks long', async () => {
    const small = join(tmp.dir, 'abc.txt');
    writeFileSync(small, 'abc');
    expect(await sha256File(small)).toEqual({ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', size: 3 });
    const bytes = randomBytes(300_000 + 17);
    const big = join(tmp.dir, 'big.bin');
    writeFileSync(big, bytes);
    let seen = 0;
    const { size, hex } = await digestFile(big, ['sha256', 'md5'], { onChunk: (c) => (seen += c.length) });
    expect(size).toBe(bytes.length);
    expect(seen).toBe(bytes.length);
    expect(hex.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(hex.md5).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('rejects when the signal is aborted', async () => {
    const file = join(tmp.dir, 'aborted.bin');
    writeFileSync(file, randomBytes(1000));
    await expect(sha256File(file, AbortSignal.abort(new Error('stop')))).rejects.toThrow();
  });
});
