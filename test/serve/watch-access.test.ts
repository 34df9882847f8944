// `interup run --serve` off loopback, as a person would start it on a rented box: the page refuses a reader
// without the printed token (401), serves one with it, takes no writes, never serves a secret of the
// environment (S3 secret, vast.ai API key, Redis password) even when it is part of a file name, and stays up
// after the run until Ctrl-C, which ends the command with exit 0; `interup serve OUTPUT` shows it again later.
import { copyFileSync, mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnProcess } from '../../src/process/index.js';
import { BIN } from '../helpers/cli.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

const SECRETS = { AWS_SECRET_ACCESS_KEY: 'S3secretValue7f3a9c', CONTAINER_API_KEY: 'vastKey91b2e4d0', REDIS_PASSWORD: 'redisPass55c1aa' };

/** The first event of the page's stream (the whole state), as bytes. */
function firstEvent(url: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n\n')) {
          req.destroy();
          resolve(text);
        }
      });
    });
    req.on('error', reject);
  });
}

/** `interup serve OUTPUT --port 0`: the output's checks from its report and a before/after, then Ctrl-C. */
async function expectServedLater(output: string): Promise<void> {
  let stderr = '';
  const cli = spawnProcess(process.execPath, [BIN, 'serve', output, '--port', '0'], {
    env: { ...process.env, ...SECRETS },
    stdout: 'pipe',
    timeoutMs: 280_000,
    onStderr: (chunk) => {
      stderr += chunk.toString();
    },
  });
  cli.stdout?.resume();
  try {
    await expect.poll(() => stderr.includes('the watch page stays up until Ctrl-C'), { timeout: 150_000 }).toBe(true);
    const base = /watch page: (\S+)/.exec(stderr)?.[1] ?? '';
    const state = (await (await fetch(`${base}state.json`)).json()) as { outputs: { checks: string[]; compare?: unknown }[] };
    expect(state.outputs).toHaveLength(1);
    expect(state.outputs[0].checks).toContain('frame count 20 = planned');
    expect(state.outputs[0].compare).toBeDefined();
    expect((await fetch(`${base}picture/compare-0-result.png`)).headers.get('content-type')).toBe('image/png');
    cli.child.kill('SIGINT');
    await cli.done.catch(() => undefined);
    expect(cli.child.exitCode, stderr).toBe(0);
  } finally {
    cli.child.kill('SIGKILL');
    await cli.done.catch(() => undefined);
  }
}

describe('watch page access', () => {
  const tmp = makeTempDir('interup-watch-access-');
  afterAll(() => tmp.cleanup());

  it('needs the token off loopback (401 without), is read-only, serves no secret, stays up until Ctrl-C (exit 0); interup serve shows the output later', async () => {
    const folder = join(tmp.dir, SECRETS.AWS_SECRET_ACCESS_KEY);
    mkdirSync(folder);
    const input = join(folder, 'in.mp4');
    copyFileSync(await tinyClip(), input);
    const output = join(tmp.dir, `${SECRETS.CONTAINER_API_KEY}-${SECRETS.REDIS_PASSWORD}.mp4`);
    let stderr = '';
    const cli = spawnProcess(process.execPath, [BIN, 'run', '-i', input, '-o', output, '--prefer', 'blend', '--factor', '2', '--serve', '0', '--host', '0.0.0.0', '--serve-linger', '300', '--no-progress'], {
      env: { ...process.env, ...SECRETS },
      stdout: 'pipe',
      timeoutMs: 280_000,
      stderrLimit: 1024 * 1024,
      onStderr: (chunk) => {
        stderr += chunk.toString();
      },
    });
    cli.stdout?.resume();
    try {
      await expect.poll(() => /watch page: (\S+)/.exec(stderr), { timeout: 150_000 }).toBeTruthy();
      const printed = new URL(/watch page: (\S+)/.exec(stderr)?.[1] ?? '');
      const token = printed.searchParams.get('token') ?? '';
      expect(token.length).toBeGreaterThanOrEqual(16);
      const base = `http://127.0.0.1:${printed.port}/`;
      const bearer = { headers: { Authorization: `Bearer ${token}` } };

      expect((await fetch(`${base}state.json`)).status).toBe(401);
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(`${base}events`, { headers: { Authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
      expect((await fetch(`${base}state.json`, { method: 'POST', ...bearer })).status).toBe(405);

      // Wait for the end of the run (the page lingers), then read everything the page serves.
      await expect.poll(async () => ((await (await fetch(`${base}state.json`, bearer)).json()) as { finished: boolean }).finished, { timeout: 150_000 }).toBe(true);
      const opened = await fetch(`${base}?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
      const page = await fetch(base, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>interup run</title>');
      const state = await (await fetch(`${base}state.json`, bearer)).text();
      const events = await firstEvent(`${base}events`, token);
      expect(JSON.parse(state)).toMatchObject({ finished: true, outputs: [{ framesOut: 20, output: expect.stringContaining('***') as unknown }] });
      expect(events).toMatch(/^retry: 2000\ndata: \{/);
      for (const served of [html, state, events]) {
        for (const secret of Object.values(SECRETS)) expect(served).not.toContain(secret);
      }
      expect(stderr).not.toMatch(new RegExp(Object.values(SECRETS).join('|')));

      cli.child.kill('SIGINT');
      await cli.done.catch(() => undefined);
      expect(cli.child.exitCode, stderr).toBe(0);

      // Later, `interup serve OUTPUT` shows the same finished output from its report, until Ctrl-C (exit 0).
      await expectServedLater(output);
    } finally {
      cli.child.kill('SIGKILL');
      await cli.done.catch(() => undefined);
    }
  }, 300_000);
});
