// Shutdown runs every cleanup step even when one throws, and reports every error together with the
// work's own error first (its exit code and hint kept, so a user's bad input still exits 2).
import { describe, expect, it } from 'vitest';
import { CleanupError, runCleanup, withCleanup } from '../../src/util/cleanup.js';
import { InputError } from '../../src/util/errors.js';

describe('withCleanup', () => {
  it('runs every step after one throws and reports all their errors', async () => {
    const ran: string[] = [];
    const error = await withCleanup(
      () => Promise.resolve('result'),
      () => [
        ['close a', () => { ran.push('a'); throw new Error('a broke'); }],
        ['close b', async () => { ran.push('b'); await Promise.resolve(); throw new Error('b broke.'); }],
        ['close c', () => { ran.push('c'); }],
      ],
    ).catch((e: unknown) => e);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(error).toBeInstanceOf(CleanupError);
    const cleanup = error as CleanupError;
    expect(cleanup.message).toBe('Cleaning up failed (close a: a broke; close b: b broke).');
    expect(cleanup.errors.map((e) => (e as Error).message)).toEqual(['a broke', 'b broke.']);
    expect(cleanup.exitCode).toBe(1);
  });

  it('keeps the work error first, with its code, exit code and hint, when cleaning up also fails', async () => {
    const work = new InputError('BAD', 'The input is bad.', { hint: 'Give a good one.' });
    const error = (await withCleanup(
      () => Promise.reject(work),
      (failed) => [failed && ['remove the partial output', () => undefined], ['dispose the engine', () => Promise.reject(new Error('worker crashed'))]],
    ).catch((e: unknown) => e)) as CleanupError;
    expect(error).toBeInstanceOf(CleanupError);
    expect(error.errors[0]).toBe(work);
    expect(error.errors).toHaveLength(2);
    expect([error.code, error.exitCode, error.hint]).toEqual(['BAD', 2, 'Give a good one.']);
    expect(error.message).toBe('The input is bad. Cleaning up afterwards also failed (dispose the engine: worker crashed).');
    expect(error.cause).toBe(work);
  });

  it('rethrows the work error itself when every step succeeds, and runs failure-only steps only after a failure', async () => {
    const ran: string[] = [];
    const steps = (failed: boolean) => [failed && (['undo', () => ran.push('undo')] as const), ['dispose', () => ran.push('dispose')] as const];
    const work = new Error('work failed');
    await expect(withCleanup(() => Promise.reject(work), steps)).rejects.toBe(work);
    expect(ran).toEqual(['undo', 'dispose']);
    ran.length = 0;
    await expect(withCleanup(() => Promise.resolve(42), steps)).resolves.toBe(42);
    expect(ran).toEqual(['dispose']);
  });

  it('runCleanup returns each failure by step name', async () => {
    const failed = await runCleanup([undefined, ['x', () => { throw new Error('x'); }], false, ['y', () => undefined]]);
    expect(failed.map((f) => f.name)).toEqual(['x']);
  });
});
