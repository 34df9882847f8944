// A worker often renders several segments of the same video in a row: it fetches each input once and
// keeps the last few, deleting what falls out (local inputs are read in place and never copied).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { type FetchedSource, fetchSource } from '../../storage/index.js';
import type { Logger } from '../../util/index.js';

export class SourceCache {
  readonly #dir: string;
  readonly #keep: number;
  readonly #s3Client: () => S3Client;
  readonly #entries = new Map<string, Promise<FetchedSource>>();

  constructor(dir: string, s3Client: () => S3Client, keep = 2) {
    this.#dir = dir;
    this.#s3Client = s3Client;
    this.#keep = keep;
  }

  /** The input as a local file, fetched on first use. A failed fetch is forgotten, so a retry fetches again. */
  async get(input: string, logger: Logger, signal?: AbortSignal): Promise<FetchedSource> {
    let entry = this.#entries.get(input);
    if (entry) {
      this.#entries.delete(input);
      this.#entries.set(input, entry);
      return entry;
    }
    const dir = join(this.#dir, createHash('sha256').update(input).digest('hex').slice(0, 16));
    entry = fetchSource(input, { dir, s3Client: this.#s3Client, logger, signal });
    this.#entries.set(input, entry);
    entry.catch(() => this.#entries.delete(input));
    while (this.#entries.size > this.#keep) {
      const [oldest, old] = this.#entries.entries().next().value as [string, Promise<FetchedSource>];
      this.#entries.delete(oldest);
      void old.then((f) => (f.downloaded ? rm(f.path, { force: true }) : undefined)).catch(() => undefined);
    }
    return entry;
  }

  /** Deletes every download. */
  async clear(): Promise<void> {
    const all = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(all.map((e) => e.then((f) => (f.downloaded ? rm(f.path, { force: true }) : undefined)).catch(() => undefined)));
  }
}
