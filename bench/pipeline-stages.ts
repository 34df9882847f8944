// Each pipeline stage alone, for bench/pipeline.ts: its rate and the CPU it used per frame.
import { join } from 'node:path';
import { Q, type Frame, type PixelFormat } from '../src/frames/index.js';
import type { Interpolator } from '../src/engines/index.js';
import { decodeFrames, encoderArgs, probeMedia, startEncoder } from '../src/media/index.js';
import type { Timeline } from '../src/timeline/index.js';
import { inLanes } from '../src/util/index.js';
import { cpuSeconds, cpuTime } from './cpu-time.js';

export interface Rate {
  /** Frames per second (wall clock). */
  fps: number;
  /** CPU milliseconds per frame: this process's threads and the ffmpeg it ran. */
  cpuMs: number;
}

export interface EngineRate extends Rate {
  /** Calls the engine runs side by side. */
  lanes: number;
}

/** Output frames per second of the engine alone on the plan's pairs (frames in memory, copies cost nothing), as many calls in flight as it allows. */
export async function engineOnly(create: () => Promise<Interpolator>, frames: Frame[], plan: Timeline): Promise<EngineRate> {
  const engine = await create();
  try {
    const cpu = cpuTime();
    const began = performance.now();
    await inLanes(engine.maxConcurrency, plan.count, async (k) => {
      const { index, t } = plan.slot(k);
      if (t.num !== 0n) await engine.interpolate(frames[index], frames[index + 1], Q.toNumber(t));
    });
    const seconds = (performance.now() - began) / 1000;
    return { fps: plan.count / seconds, cpuMs: (1000 * cpuSeconds(cpu)) / plan.count, lanes: engine.maxConcurrency };
  } finally {
    await engine.dispose();
  }
}

/** Source frames per second decoding `input` (every frame streamed, nothing kept). */
export async function decodeOnly(input: string, pixelFormat: PixelFormat = 'rgb24'): Promise<Rate> {
  const v = (await probeMedia(input)).video!;
  const cpu = cpuTime();
  const began = performance.now();
  let decoded = 0;
  for await (const _ of decodeFrames(input, { width: v.width, height: v.height, pixelFormat })) decoded++;
  const seconds = (performance.now() - began) / 1000;
  return { fps: decoded / seconds, cpuMs: (1000 * cpuSeconds(cpu)) / decoded };
}

/** Frames per second encoding `count` frames from memory with libx264 crf 23 at 70 fps (high10 for 16-bit frames). */
export async function encodeOnly(frames: Frame[], count: number, dir: string): Promise<Rate> {
  const { width, height, format } = frames[0];
  const codecArgs = [...encoderArgs('libx264', 23), ...(format === 'rgb48le' ? ['-pix_fmt', 'yuv420p10le'] : [])];
  const cpu = cpuTime();
  const began = performance.now();
  const enc = startEncoder({ output: join(dir, 'enc-only.mp4'), width, height, fps: Q.rat(70n), codecArgs, frameFormat: format });
  for (let i = 0; i < count; i++) await enc.write(frames[i % frames.length]);
  await enc.finish();
  const seconds = (performance.now() - began) / 1000;
  return { fps: count / seconds, cpuMs: (1000 * cpuSeconds(cpu)) / count };
}
