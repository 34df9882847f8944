// Frames through pipes: the one reader pulls only what its consumer asks for (a fast ffmpeg is paused
// through the pipe, buffering stays bounded whatever the video's length) and reuses pool buffers; the one
// writer keeps at most one frame pending however slow the child; a filter answers each frame without the
// next one and runs the ffmpeg that FFMPEG_PATH names. Decided from byte counters, not clocks.
import { afterEach, describe, expect, it } from 'vitest';
import { FramePool, frameBytes, makeFrame } from '../../src/frames/index.js';
import { FrameFilter, FrameReader, PartialFrameError, writeFrame } from '../../src/media/index.js';
import { spawnProcess } from '../../src/process/index.js';

const W = 320;
const H = 240;
const F = frameBytes(W, H);

// Resolves once `stream` has stopped pulling from the pipe (its buffer is full) or has ended.
async function settled(stream: NodeJS.ReadableStream & { readableLength: number; readableHighWaterMark: number; readableEnded: boolean }): Promise<void> {
  while (stream.readableLength < stream.readableHighWaterMark && !stream.readableEnded) await new Promise((r) => setTimeout(r, 5));
}

describe('FrameReader', () => {
  it('pauses a fast ffmpeg while its consumer holds a frame, reuses pool buffers and reads every frame', async () => {
    const count = 150; // 34 MB of frames ffmpeg could write in well under a second
    const proc = spawnProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=25`, '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdout: 'pipe' });
    const stdout = proc.stdout!;
    const pool = new FramePool(F);
    const reader = new FrameReader(stdout, { frameBytes: F, acquire: () => pool.acquire() });
    let frames = 0;
    let maxAhead = 0;
    for (let buf = await reader.read(); buf; buf = await reader.read()) {
      frames++;
      if (frames <= 8) {
        // A slow consumer: wait until the stream stops pulling, then see how far the reader ran ahead.
        await settled(stdout);
        maxAhead = Math.max(maxAhead, reader.bytesRead - frames * F);
      }
      pool.release(buf);
    }
    await proc.done;
    expect(frames).toBe(count);
    // Ahead of the consumer by at most the rest of one pipe chunk: never whole frames piling up.
    expect(maxAhead).toBeLessThan(256 * 1024);
    expect(maxAhead).toBeLessThan(2 * F);
    // One buffer in use at a time, so the pool handed out the same one or two again and again.
    expect(pool.stats.allocated).toBeLessThanOrEqual(2);
    expect(pool.stats.reused).toBe(count - pool.stats.allocated);
  });

  it('says how far into a frame a stream ended', async () => {
    const proc = spawnProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:size=4x4', '-frames:v', '3', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdout: 'pipe' });
    const reader = new FrameReader(proc.stdout!, { frameBytes: 4 * 4 * 3 * 2 }); // two frames' bytes per "frame": 3 frames end half-way
    expect(await reader.read()).toHaveLength(96);
    await expect(reader.read()).rejects.toEqual(new PartialFrameError(48, 96));
    await proc.done;
  });
});

describe('writeFrame', () => {
  it('keeps at most one frame pending in our buffer while a slow encoder takes 40 frames', async () => {
    const proc = spawnProcess('ffmpeg', ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-i', 'pipe:0', '-c:v', 'libx264', '-preset', 'veryslow', '-f', 'null', '-'], { stdin: 'pipe' });
    const died = proc.done.then(() => Promise.reject(new Error('exited early')));
    died.catch(() => undefined);
    const frame = makeFrame(W, H, Buffer.alloc(F, 90));
    const stdin = proc.stdin!;
    let maxPending = 0;
    let taken = 0;
    for (let i = 0; i < 40; i++) {
      maxPending = Math.max(maxPending, stdin.writableLength);
      await writeFrame(stdin, frame.data, died, () => taken++);
    }
    stdin.end();
    await proc.done;
    expect(taken).toBe(40);
    // Before each write, less than one frame was still queued on our side (the last one had drained).
    expect(maxPending).toBeLessThan(F);
    expect(maxPending).toBeLessThanOrEqual(stdin.writableHighWaterMark);
  });
});

describe('FrameFilter', () => {
  const saved = process.env.FFMPEG_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved;
  });

  it('answers each frame before the next is sent', async () => {
    const filter = FrameFilter.start({ width: 8, height: 6, outWidth: 16, outHeight: 12, filter: 'scale=16:12:flags=neighbor' });
    try {
      for (const value of [10, 200, 77]) {
        const out = await filter.apply(makeFrame(8, 6, Buffer.alloc(8 * 6 * 3, value)));
        expect([out.width, out.height]).toEqual([16, 12]);
        expect(out.data.every((b) => b === value)).toBe(true);
      }
    } finally {
      await filter.close();
    }
  });

  it('a filter ffmpeg refuses rejects the pending frame with ffmpeg\'s reason instead of hanging', async () => {
    const filter = FrameFilter.start({ width: 8, height: 6, outWidth: 8, outHeight: 6, filter: 'nosuchfilter=1' });
    try {
      await expect(filter.apply(makeFrame(8, 6, Buffer.alloc(8 * 6 * 3)))).rejects.toThrow(/nosuchfilter=1 failed: .*nosuchfilter/i);
    } finally {
      await filter.close();
    }
  });

  it('runs the ffmpeg FFMPEG_PATH names', async () => {
    process.env.FFMPEG_PATH = '/nonexistent/interup-test-ffmpeg';
    const filter = FrameFilter.start({ width: 8, height: 6, outWidth: 16, outHeight: 12, filter: 'scale=16:12' });
    try {
      await expect(filter.apply(makeFrame(8, 6, Buffer.alloc(8 * 6 * 3)))).rejects.toThrow(/interup-test-ffmpeg/);
    } finally {
      await filter.close();
    }
  });
});
