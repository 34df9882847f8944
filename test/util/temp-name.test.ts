// interup's one temp-name pattern: what the pipeline writes under, and what the watchdog must recognise.
import { describe, expect, it } from 'vitest';
import { interupTempPath, isInterupTempName, parseInterupTempName, pidAlive } from '../../src/util/index.js';

describe('interup temp names', () => {
  it('the pipeline\'s temp path parses back to its final name and pid', () => {
    const temp = interupTempPath('/data/out/clip.60fps.mp4', 4242);
    expect(temp).toMatch(/^\/data\/out\/\.clip\.60fps\.interup-4242-[0-9a-f]{6}\.mp4$/);
    expect(parseInterupTempName(temp.split('/').at(-1) as string)).toEqual({ finalName: 'clip.60fps.mp4', pid: 4242 });
    expect(parseInterupTempName('.out.interup-1234-abcdef.mp4.report.json')).toEqual({ finalName: 'out.mp4', pid: 1234 });
    expect(parseInterupTempName('.frame_000001_mid.interup-77-00ff00.png')).toEqual({ finalName: 'frame_000001_mid.png', pid: 77 });
  });

  it('other names are not interup temp names', () => {
    for (const name of ['out.mp4', 'out.interup-1234-abcdef.mp4', '.out.interup-1234-abcde.mp4', '.out.interup-x-abcdef.mp4', '.out.mp4.part', '.interup-heartbeat']) {
      expect(isInterupTempName(name), name).toBe(false);
    }
  });

  it('tells a live pid from a gone one', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(0)).toBe(false);
    expect(pidAlive(2 ** 22 + 1)).toBe(false); // above any pid_max
  });
});
