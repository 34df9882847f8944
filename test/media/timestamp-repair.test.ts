// The timing check on packet rows captured from real files (test/helpers/timing-footage.ts): what each
// witness allows, and what is refused when the file offers none.
import { describe, expect, it } from 'vitest';
import { Q } from '../../src/frames/index.js';
import { checkTimeline, packetRows, probeMedia, type PacketRow, type TimingWitnesses } from '../../src/media/index.js';
import { InputError } from '../../src/util/index.js';
import { oggCut, tsJumpAhead, wrappingTs } from '../helpers/timing-footage.js';

async function captured(path: string): Promise<{ rows: PacketRow[]; witnesses: TimingWitnesses }> {
  const media = await probeMedia(path);
  const { rows } = await packetRows(path);
  const v = media.video!;
  return { rows, witnesses: { path, format: media.format, timeBase: v.timeBase, declaredRate: Q.rat(30n), containerStart: media.startTime, containerDuration: media.duration } };
}

describe('checking packet times against the file', () => {
  it('the Ogg cut: garbage granules re-timed as pre-roll with the container duration, or the frame rate alone; refused with neither', async () => {
    const { rows, witnesses } = await captured(await oggCut());
    const withDuration = checkTimeline(rows, witnesses);
    const withRate = checkTimeline(rows, { ...witnesses, containerDuration: undefined });
    for (const checked of [withDuration, withRate]) {
      expect(checked.repair).toMatchObject({ kind: 'preroll-dropped', droppedFrames: 30 });
      expect(checked.ticks[0]).toBe(0n);
      expect(checked.ticks.every((t, i) => i === 0 || t === checked.ticks[i - 1] + 1n)).toBe(true);
    }
    expect(() => checkTimeline(rows, { ...witnesses, containerDuration: undefined, declaredRate: undefined })).toThrow(InputError);
    expect(() => checkTimeline(rows, { ...witnesses, containerDuration: undefined, declaredRate: undefined })).toThrow(/152 frames span 4\.80e\+15 s, and the file has no duration or frame rate/);
  });

  it('a raw 33-bit wrap (times after it 2^33 ticks lower) is unwrapped into one continuous clock', async () => {
    const { rows, witnesses } = await captured(await wrappingTs());
    // ffmpeg's demuxer already unwrapped this file below zero; put the raw wrap back: non-negative times mod 2^33.
    const wrap = 1n << 33n;
    const raw = rows.map((r) => ({ pts: r.pts === undefined ? undefined : (r.pts + wrap) % wrap, dts: r.dts === undefined ? undefined : (r.dts + wrap) % wrap }));
    const checked = checkTimeline(raw, { ...witnesses, containerStart: 95441.4, format: 'mpegts' });
    expect(checked.repair?.kind).toBe('pts-wrap');
    expect(checked.repair?.reason).toMatch(/wraps at packet \d+; the times after it are unwrapped/);
    const steps = new Set(checked.ticks.slice(1).map((t, i) => t - checked.ticks[i]));
    expect([...steps]).toEqual([3000n]);
  });

  it('the audio and the frame count outvote a container whose duration follows a jump in the video times, only when they agree', async () => {
    const path = await tsJumpAhead();
    const media = await probeMedia(path);
    const { rows } = await packetRows(path);
    const v = media.video!;
    const witnesses: TimingWitnesses = { path, format: media.format, timeBase: v.timeBase, declaredRate: Q.rat(30000n, 1001n), containerStart: media.startTime, containerDuration: media.duration, audioDuration: media.audio[0].duration };
    expect(media.duration).toBeGreaterThan(1000);
    const checked = checkTimeline(rows, witnesses);
    expect(checked.repair?.kind).toBe('retimed');
    expect(checked.frames).toBe(60);
    // Audio that disagrees with 60 frames at 29.97 fps (or no audio) leaves the container's word standing: times within it are kept.
    for (const audioDuration of [30, undefined]) expect(checkTimeline(rows, { ...witnesses, audioDuration }).repair).toBeUndefined();
  });
});
