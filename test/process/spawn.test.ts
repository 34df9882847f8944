import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessError, runProcess, spawnProcess } from '../../src/process/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

describe('spawn helper', () => {
  it('returns stdout of a successful command', async () => {
    const { stdout } = await runProcess(process.execPath, ['-e', 'process.stdout.write("hi")']);
    expect(stdout).toBe('hi');
  });

  it('names the command and quotes the stderr tail when a child fails', async () => {
    const err = await runProcess(process.execPath, [join(fixtures, 'fail.js'), '5']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessError);
    const message = (err as ProcessError).message;
    expect(message).toContain('exit code 5');
    expect(message).toContain('fail.js');
    expect(message).toContain('bad frame 7');
  });

  it('kills a child that outlives its timeout and says so', async () => {
    const started = Date.now();
    const err = await runProcess(process.execPath, [join(fixtures, 'forever.js')], { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((err as ProcessError).message).toMatch(/timed out after 300 milliseconds/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops a child when its AbortSignal fires, and removes the listener', async () => {
    const controller = new AbortController();
    const proc = spawnProcess(process.execPath, [join(fixtures, 'forever.js')], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(proc.done).rejects.toThrow(/cancelled/);
  });

  it('rejects (never hangs) when the program does not exist', async () => {
    await expect(runProcess('/nonexistent/ffmpeg-xyz', ['-version'])).rejects.toThrow(/could not be started|ENOENT/);
  });

  it('bounds captured stdout', async () => {
    const big = 'process.stdout.write("x".repeat(1<<20))';
    await expect(runProcess(process.execPath, ['-e', big], { maxBuffer: 1024 })).rejects.toThrow(/maxBuffer/);
  });
});
