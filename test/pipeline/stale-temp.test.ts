// Item 6 of issue 10: kill -9 leaves interup's temp output (.NAME.interup-PID-HEX.EXT) behind; the next run
// into that folder removes it once its pid is gone, and never touches a live run's temp file.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, spawnProcess } from '../../src/process/index.js';
import { isInterupTempName, parseInterupTempName } from '../../src/util/index.js';
import { logRecord, runCli } from '../helpers/cli.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir('interup-stale-temp-');
let longClip: string;
beforeAll(async () => {
  // Long enough that the encode is still running when the test sees its temp file.
  longClip = join(tmp.dir, 'long.mp4');
  await runProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', longClip], { timeoutMs: 60_000 });
});
afterAll(() => tmp.cleanup());

const temps = (dir: string): string[] => readdirSync(dir).filter(isInterupTempName).sort();

describe('stale temp files of killed runs', () => {
  it('a run killed with SIGKILL leaves its temp output; the next run into the folder removes it, keeps a live run\'s', async () => {
    const outDir = join(tmp.dir, 'out');
    mkdirSync(outDir);
    const killed = await runCli(['run', '--input', longClip, '--output', join(outDir, 'x.mp4'), '--prefer', 'blend', '--factor', '2', '--log-format', 'json'], {
      killWhen: () => temps(outDir).length > 0,
    });
    expect(killed.signal).toBe('SIGKILL');
    const left = temps(outDir);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => parseInterupTempName(name)?.finalName.startsWith('x.mp4'))).toBe(true);
    expect(readdirSync(outDir)).not.toContain('x.mp4');

    // A temp file whose writer is alive (another interup still encoding into this folder) must stay.
    const writer = spawnProcess(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
    const live = `.other.interup-${writer.child.pid}-0a1b2c.mp4`;
    writeFileSync(join(outDir, live), 'still being written');
    try {
      const rerun = await runCli(['run', '--input', await tinyClip(), '--output', join(outDir, 'x.mp4'), '--prefer', 'blend', '--factor', '2', '--log-format', 'json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(temps(outDir)).toEqual([live]);
      const removed = rerun.stderr.split('\n').map(logRecord).filter((r) => /^removed .* left by interup process \d+, which is gone/.test(r?.msg ?? ''));
      expect(removed.map((r) => String(r?.removed).split('/').at(-1)).sort()).toEqual(left);
      expect(readdirSync(outDir).sort()).toEqual([live, 'x.mp4', 'x.mp4.report.json'].sort());
    } finally {
      writer.kill();
    }
  });
});
