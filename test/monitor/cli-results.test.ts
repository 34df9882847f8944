// The real CLI on result files that must not count: media that is not whole or not the one its report
// describes (row 12), interup's own temp output beside a finished result (row 13). Dry runs; every
// assertion follows from the watchdog's JSON check log.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sentinel } from '../../src/monitor/index.js';
import { runCli } from '../helpers/cli.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { INTERVAL, expectWindowAfterWaits, itemOf, monitor, msg, place } from './cli-harness.js';

let vast: FakeVast;
let tmp: ReturnType<typeof makeTempDir>;
let clip: string;
beforeAll(async () => {
  clip = await tinyClip();
});
beforeEach(async () => {
  vast = await startFakeVast();
  tmp = makeTempDir('interup-monitor-cli-');
});
afterEach(async () => {
  await vast.close();
  tmp.cleanup();
});

describe('interup monitor (CLI) on results that must prove themselves', () => {
  it('media results must prove they are whole and match their report (row 12)', async () => {
    const stage = join(tmp.dir, 'stage');
    mkdirSync(stage);
    const run = await runCli(['run', '--input', clip, '--output', join(stage, 'out.mp4'), '--prefer', 'blend', '--factor', '2']);
    expect(run.code, run.stderr).toBe(0);
    const real = readFileSync(join(stage, 'out.mp4'));
    const report = JSON.parse(readFileSync(join(stage, 'out.mp4.report.json'), 'utf8')) as { framesOut: number };
    const up = join(tmp.dir, 'up');
    mkdirSync(up);
    const out = join(up, 'out.mp4');
    place(out, 'hello\n'); // the 6-byte text named out.mp4
    const sentinelPath = join(tmp.dir, 'sentinel.json');
    const cli = monitor(tmp.dir, vast, ['--dry-run', '--watch-dir', up, '--check-interval', INTERVAL, '--confirm', '2', '--sentinel', sentinelPath]);
    await cli.waitForCount(itemOf(out, 6), 4, 'four checks of the text file');
    const cut = readFileSync(clip).subarray(0, 24_000); // a real mp4 that stopped growing at 24000 bytes
    place(out, cut);
    await cli.waitForCount(itemOf(out, 24_000), 4, 'four checks of the cut mp4');
    place(`${out}.report.json`, readFileSync(join(stage, 'out.mp4.report.json')));
    const other = readFileSync(clip); // a whole mp4, but not the one the report describes
    place(out, other);
    await cli.waitForCount(itemOf(out, other.length), 4, 'four checks of the wrong mp4');
    place(out, real);
    expect(await cli.exit).toBe(0);
    const whys = (size: number): string[] => cli.lines.filter(itemOf(out, size)).map((l) => String(l.why));
    for (const why of whys(6)) expect(why).toBe('not a whole media file: it does not open as a whole container (moov atom not found)');
    for (const why of whys(24_000)) expect(why).toMatch(/moov atom not found/);
    for (const why of whys(other.length)) expect(why).toMatch(new RegExp(`does not match .*out\\.mp4\\.report\\.json: 10 frames but the report says ${report.framesOut}`));
    expect(cli.lines.filter(itemOf(out, real.length, 'PASS')).length).toBe(2);
    const sentinel = JSON.parse(readFileSync(sentinelPath, 'utf8')) as Sentinel;
    expectWindowAfterWaits(cli, sentinel.window, 2);
    for (const check of sentinel.window) expect(check.items).toEqual([expect.objectContaining({ target: out, check: 'file:size+probe+report', outcome: 'pass', size: real.length })]);
    expect(cli.stderr()).toMatch(/"msg":"STOPPING INSTANCE \S+Z reason=verified checks=2\/2\[file:size\+probe\+report×1\] dry-run=true"/);
  });

  it("interup's own temp output holds completion back (row 13)", async () => {
    const up = join(tmp.dir, 'up');
    mkdirSync(up);
    writeFileSync(join(up, 'out.mp4'), readFileSync(clip));
    const temp = join(up, '.out.interup-1234-abcdef.mp4');
    writeFileSync(temp, readFileSync(clip).subarray(0, 5000));
    const sentinelPath = join(tmp.dir, 'sentinel.json');
    const cli = monitor(tmp.dir, vast, ['--dry-run', '--watch-dir', up, '--check-interval', INTERVAL, '--confirm', '2', '--sentinel', sentinelPath]);
    await cli.waitForCount(msg(/^check #\d+ WAIT: 1 file\(s\) done but still writing \(temporary, not counted: \.out\.interup-1234-abcdef\.mp4\)$/), 4, 'four checks that saw the temp file');
    rmSync(temp);
    expect(await cli.exit).toBe(0);
    const sentinel = JSON.parse(readFileSync(sentinelPath, 'utf8')) as Sentinel;
    expectWindowAfterWaits(cli, sentinel.window, 2);
    for (const v of cli.verdicts().filter((x) => x.verdict === 'WAIT')) expect(v.msg).toMatch(/still writing \(temporary, not counted: \.out\.interup-1234-abcdef\.mp4\)/);
  });
});
