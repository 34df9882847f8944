// FramePool: a buffer comes back for reuse only after its last holder lets go; foreign buffers are ignored;
// idle buffers are bounded.
import { describe, expect, it } from 'vitest';
import { FramePool } from '../../src/frames/index.js';

describe('FramePool', () => {
  it('reuses a buffer only after every holder released it', () => {
    const pool = new FramePool(12);
    const a = pool.acquire();
    pool.retain(a);
    pool.release(a);
    expect(pool.holds(a)).toBe(true);
    const b = pool.acquire();
    expect(b).not.toBe(a);
    pool.release(a);
    expect(pool.holds(a)).toBe(false);
    expect(pool.acquire()).toBe(a);
    expect(pool.stats).toEqual({ allocated: 2, reused: 1 });
  });

  it('ignores buffers it did not make, and keeps at most maxFree idle buffers', () => {
    const pool = new FramePool(4, 2);
    const foreign = Buffer.alloc(4);
    pool.retain(foreign);
    pool.release(foreign);
    expect(pool.holds(foreign)).toBe(false);
    const held = [pool.acquire(), pool.acquire(), pool.acquire()];
    for (const buf of held) pool.release(buf);
    const again = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(pool.stats).toEqual({ allocated: 4, reused: 2 });
    expect(new Set(again).size).toBe(3);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new FramePool(0)).toThrow(RangeError);
  });
});
