// Batch files: YAML and JSON accepted, every problem named by its field path, nothing run on a bad file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBatch } from '../../src/jobs/index.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let n = 0;
function file(text: string, ext = 'yaml'): string {
  const path = join(tmp.dir, `batch${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

async function problems(path: string): Promise<string> {
  const error: unknown = await loadBatch(path).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'BAD_BATCH_FILE', exitCode: 2 });
  return (error as Error).message;
}

describe('loadBatch', () => {
  it('reads the YAML of the issue, merges defaults with per-job overrides and resolves paths', async () => {
    const batch = await loadBatch(
      file(`s3: { endpoint: http://127.0.0.1:4568, bucket: videos, region: us-east-1, forcePathStyle: true }
defaults: { mode: interp, targetFps: 60, prefer: auto }
jobs:
  - { input: ./a.mp4, output: s3://videos/out/a.mp4 }
  - { input: https://example.com/b.mov, output: s3://videos/out/b.mp4, targetFps: 70 }
  - { id: local-one, input: /data/c.mp4, output: out/c.mp4, mode: both, scale: 2, encoder: libx265 }
`),
    );
    expect(batch.jobs.map((j) => j.options.targetFps)).toEqual(['60', '70', '60']);
    expect(batch.jobs[0]?.source).toBe(join(tmp.dir, 'a.mp4'));
    expect(batch.jobs[1]?.source).toBe('https://example.com/b.mov');
    expect(batch.jobs[0]?.output).toEqual({ kind: 's3', bucket: 'videos', key: 'out/a.mp4', url: 's3://videos/out/a.mp4' });
    expect(batch.jobs[2]).toMatchObject({ id: 'local-one', output: { kind: 'local', path: join(tmp.dir, 'out/c.mp4') }, options: { mode: 'both', scale: 2, encoder: 'libx265' } });
    expect(new Set(batch.jobs.map((j) => j.id)).size).toBe(3);
    expect(batch.jobs[0]?.fingerprint).not.toBe(batch.jobs[1]?.fingerprint);
    expect(batch.credentialsInFile).toBe(false);
  });

  it('reads JSON too, and a changed option changes the fingerprint', async () => {
    const a = await loadBatch(file(JSON.stringify({ jobs: [{ input: 'a.mp4', output: 's3://v/a.mp4', targetFps: 60 }] }), 'json'));
    const b = await loadBatch(file(JSON.stringify({ jobs: [{ input: 'a.mp4', output: 's3://v/a.mp4', targetFps: 70 }] }), 'json'));
    expect(a.jobs[0]?.id).toBe(b.jobs[0]?.id);
    expect(a.jobs[0]?.fingerprint).not.toBe(b.jobs[0]?.fingerprint);
  });

  it('names wrong types by their path, in the flag\'s words (no "expected number, received string")', async () => {
    const msg = await problems(
      file(`jobs:
  - { input: a.mp4, output: s3://v/a.mp4 }
  - { input: b.mp4, output: s3://v/b.mp4, crf: "high", sceneDetect: 1, threads: "2" }
upload: { partSizeMiB: 2 }
`),
    );
    expect(msg).toContain('jobs[1].crf: expected a number from 0 to 63, received "high", which is not a number');
    expect(msg).toContain('jobs[1].sceneDetect: expected true or false, received 1');
    expect(msg).toContain('jobs[1].threads: expected a positive integer, received "2", which is text: write the number without quotes');
    expect(msg).not.toMatch(/received (string|number|boolean)\b/);
    // A mapping where a list belongs, in words and with what came.
    expect(await problems(file(`jobs:\n  input: a.mp4\n`))).toContain('jobs: expected a list, received {"input":"a.mp4"}');
    expect(msg).toContain('upload.partSizeMiB: expected an integer from 5 to 5120, received 2');
  });

  it('explains a bad frame rate, a bad choice and a bad URL, showing what came', async () => {
    const msg = await problems(file(`s3: { endpoint: "not a url" }
defaults: { mode: interpolate }
jobs: [{ input: a.mp4, output: s3://v/a.mp4, targetFps: "sixty" }]`));
    expect(msg).toContain('jobs[0].targetFps: expected a frame rate from 1 to 1000 fps (70, 59.94 or 60000/1001), received "sixty"');
    expect(msg).toContain('defaults.mode: expected one of interp, upscale, both, received "interpolate"');
    expect(msg).toContain('s3.endpoint: Invalid URL, received "not a url"');
    const slow = await problems(file(`jobs: [{ input: a.mp4, output: s3://v/a.mp4, targetFps: 0.5 }]`));
    expect(slow).toContain('jobs[0].targetFps: expected a frame rate from 1 to 1000 fps (70, 59.94 or 60000/1001), received 0.5');
  });

  it('rejects unknown keys and suggests the right name for a misspelt one', async () => {
    const msg = await problems(file(`jobs: [{ input: a.mp4, output: s3://v/a.mp4, target_fps: 60, colour: red }]\nverbose: true\n`));
    expect(msg).toContain('jobs[0].target_fps: unknown key (did you mean "targetFps"?)');
    expect(msg).toContain('jobs[0].colour: unknown key');
    expect(msg).toContain('verbose: unknown key');
    const s3 = await problems(file(`s3: { pathStyle: true }
jobs: [{ input: a.mp4, output: s3://v/a.mp4 }]`));
    expect(s3).toContain('s3.pathStyle: unknown key (did you mean "forcePathStyle"?)');
  });

  it('requires input and output, and at least one job', async () => {
    expect(await problems(file(`jobs: [{ input: a.mp4 }]`))).toContain('jobs[0].output: missing (expected a text)');
    expect(await problems(file(`jobs: []`))).toContain('jobs: expected at least one job');
  });

  it('rejects duplicate outputs, targetFps with factor, and a malformed s3 URL', async () => {
    const msg = await problems(
      file(`defaults: { factor: 2, targetFps: 30 }
jobs:
  - { input: a.mp4, output: s3://v/same.mp4 }
  - { input: b.mp4, output: s3://v/same.mp4, targetFps: 60, factor: 3 }
  - { input: c.mp4, output: "s3://nokey" }
`),
    );
    expect(msg).toContain('jobs[1].output: same output as jobs[0]');
    expect(msg).toContain('defaults: targetFps and factor exclude each other');
    expect(msg).toContain('jobs[1]: targetFps and factor exclude each other');
    expect(msg).toContain('jobs[2].output: expected s3://bucket/key or a local path');
  });

  it("a job's own rate replaces the default's other kind of rate, and says so", async () => {
    const batch = await loadBatch(file(`defaults: { factor: 2 }\njobs: [{ input: a.mp4, output: s3://v/a.mp4, targetFps: 60 }]`));
    expect(batch.jobs[0]?.options.targetFps).toBe('60');
    expect(batch.jobs[0]?.options.factor).toBeUndefined();
    expect(batch.notes).toEqual(['jobs[0]: its own targetFps replaces defaults.factor']);
  });

  it('says when the file cannot be parsed or read', async () => {
    expect(await problems(file(`jobs: [ { input: a`))).toMatch(/cannot be parsed/);
    await expect(loadBatch(join(tmp.dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'BATCH_FILE_UNREADABLE', exitCode: 2 });
  });

  it('notices credentials in the file (allowed, warned about by the runner)', async () => {
    const batch = await loadBatch(file(`s3: { accessKeyId: AKIAEXAMPLE, secretAccessKey: supersecretvalue }\njobs: [{ input: a.mp4, output: s3://v/a.mp4 }]`));
    expect(batch.credentialsInFile).toBe(true);
  });
});
