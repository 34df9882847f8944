// Labels drawn by ffmpeg's drawtext: text with every character ffmpeg's two parsing levels treat specially
// comes out exactly as the same text read from a file (textfile=, which needs no escaping), and a missing
// font is reported with what to do.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/frames/index.js';
import { findLabelFont, labelSupport, readPng, writeLabelledPng } from '../../src/media/index.js';
import { runProcess } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const W = 360;
const H = 40;
const blank = makeFrame(W, H, Buffer.alloc(W * H * 3, 32));

describe('labels on a picture', () => {
  it("draws text with : ' , ; [ ] \\ % { } exactly as drawtext reads it from a file", async () => {
    const support = await labelSupport();
    expect(support.ok, support.ok ? '' : support.reason).toBe(true);
    if (!support.ok) return;
    const text = "a:b 'c', d;[e] \\f %{pts} 50% ×2";
    const escaped = join(tmp.dir, 'escaped.png');
    await writeLabelledPng(escaped, blank, [{ text, x: 4, y: 10, size: 16 }], support.font);
    // The reference: the same text from a file, the font path passed without any special character.
    const textFile = join(tmp.dir, 'label.txt');
    writeFileSync(textFile, text);
    const reference = join(tmp.dir, 'reference.png');
    await runProcess('ffmpeg', [
      '-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-i', 'pipe:0',
      '-vf', `drawtext=fontfile=${support.font}:expansion=none:textfile=${textFile}:x=4:y=10:fontsize=16:fontcolor=white`,
      '-frames:v', '1', reference,
    ], { input: blank.data });
    const a = await readPng(escaped);
    const b = await readPng(reference);
    expect(a.data.equals(b.data)).toBe(true);
    // And something was drawn: bright text pixels on the dark background.
    expect(a.data.some((v) => v > 200)).toBe(true);
  });

  it('finds no font among missing files, and names a missing $INTERUP_FONT with what to do', async () => {
    expect(findLabelFont([join(tmp.dir, 'nope.ttf')], undefined)).toBeUndefined();
    const support = await labelSupport([join(tmp.dir, 'nope.ttf')]);
    expect(support.ok).toBe(process.env.INTERUP_FONT ? true : false);
    if (!support.ok) expect(support.reason).toMatch(/install fonts-dejavu-core/);
    expect(() => findLabelFont([], join(tmp.dir, 'missing.ttf'))).toThrow(/INTERUP_FONT names .*missing\.ttf, which does not exist/);
  });
});
