// Checkpoints are reused only for the same input and the same frame-altering settings: a changed setting, a
// touched input or --no-resume discard them with one log line naming what changed (the old work folder is
// removed, so a stale one never piles up), and a live run's folder is refused.
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatChanged, type CheckpointManifest } from '../../src/pipeline/checkpoint-store.js';
import { processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { createLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { checkpointClip, RUN_OPTIONS, workFolders } from './checkpoint-harness.js';

/** Runs until a log message starting with `stopAt` (then aborts, as a kill would stop it); returns the run's own messages. */
async function runUntil(options: ProcessOptions, stopAt: string): Promise<string[]> {
  const controller = new AbortController();
  const messages: string[] = [];
  const logger = createLogger((record) => {
    if (record.fields.segment === undefined) messages.push(record.msg);
    if (record.msg.startsWith(stopAt)) controller.abort();
  });
  await expect(processVideo(options, { logger, signal: controller.signal })).rejects.toThrow();
  return messages;
}

describe('checkpoints invalidated', () => {
  const tmp = makeTempDir('interup-invalidate-');
  let clip: string;
  beforeAll(async () => {
    clip = await checkpointClip(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('a changed setting, a touched input and --no-resume each discard them with one line naming why', async () => {
    const out = join(tmp.dir, 'out.mkv');
    const base: ProcessOptions = { ...RUN_OPTIONS, encoder: 'ffv1', input: clip, output: out };
    await runUntil(base, 'checkpoint 1 of 3 verified');
    expect(workFolders(tmp.dir)).toHaveLength(1);

    // Each rerun below stops right after it has discarded them (its new folder holds only its plan).
    const changed = await runUntil({ ...base, sceneThreshold: 0.5 }, 'checkpoints discarded');
    expect(changed.filter((m) => m.startsWith('checkpoints discarded'))).toEqual(['checkpoints discarded: sceneThreshold 0.35 → 0.5']);
    expect(workFolders(tmp.dir)).toHaveLength(1);

    const later = new Date(Date.now() + 60_000);
    utimesSync(clip, later, later);
    const touched = await runUntil({ ...base, sceneThreshold: 0.5 }, 'checkpoints discarded');
    expect(touched).toContain('checkpoints discarded: input modification time');

    const fresh = await runUntil({ ...base, sceneThreshold: 0.5, resume: false }, 'checkpoints discarded');
    expect(fresh).toContain('checkpoints discarded: --no-resume');
    expect(workFolders(tmp.dir)).toHaveLength(1);
  });

  it('refuses an output whose checkpoints a live interup process is writing', async () => {
    const out = join(tmp.dir, 'busy.mkv');
    // The parent of this test process is alive: its pid in the folder's name means a run in progress.
    mkdirSync(join(tmp.dir, `.busy.interup-${process.ppid}-abcdef.mkv.checkpoints`));
    await expect(processVideo({ ...RUN_OPTIONS, encoder: 'ffv1', input: clip, output: out }, { logger: createLogger(() => undefined) })).rejects.toMatchObject({
      code: 'OUTPUT_BUSY',
      message: expect.stringContaining(`Another interup process (pid ${process.ppid}) is writing`) as string,
    });
  });

  it('names a changed input content and size', () => {
    const was: CheckpointManifest = { version: 1, input: { size: 10, mtimeMs: 1, digest: 'a' }, settings: { rate: '20' }, segments: [{ from: 0, to: 10 }] };
    expect(whatChanged(was, { ...was, input: { size: 10, mtimeMs: 1, digest: 'b' } })).toBe('input content');
    expect(whatChanged(was, { ...was, input: { size: 12, mtimeMs: 1, digest: 'b' } })).toBe('input size 10 → 12 bytes');
    expect(whatChanged(was, { ...was, input: { size: 10, digest: 'a' } })).toBe('');
    expect(whatChanged(was, { ...was, settings: { rate: '30' } })).toBe('rate 20 → 30');
  });
});
