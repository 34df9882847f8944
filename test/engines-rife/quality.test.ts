// Quality on real footage: keep every 4th frame of a handheld clip, rebuild the 3 between (t = 0.25,
// 0.5, 0.75) and compare with the true frames (ffmpeg psnr, Y). RIFE must not lose to a linear blend
// nor to ffmpeg's motion-compensated minterpolate at that gap. The segment has large motion and no cut.
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFrame, type Frame } from '../../src/frames/frame.js';
import { rifeOnnxFactory } from '../../src/engines/onnx/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames } from './frames.js';
import { psnrY } from './psnr.js';

const W = 256;
const H = 144;
const FIRST = 96; // motion.mov frames 96–132: the camera pans fast here
const KEYS = 10;
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function blend(a: Frame, b: Frame, t: number): Frame {
  const out = Buffer.alloc(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(a.data[i] * (1 - t) + b.data[i] * t);
  return makeFrame(a.width, a.height, out);
}

describe('RIFE quality at a 4-frame gap on real footage', () => {
  it('beats blend and minterpolate (Y PSNR against the true frames)', async () => {
    await realModel('rife-v4.6');
    const clip = await footage('motion.mov');
    const all = await ffmpegFrames(['-i', clip, '-frames:v', String(FIRST + 4 * (KEYS - 1) + 1)], W, H);
    const keys = Array.from({ length: KEYS }, (_, k) => all[FIRST + 4 * k]);
    const truth: Frame[] = [];
    for (let k = 0; k + 1 < KEYS; k++) for (let j = 1; j < 4; j++) truth.push(all[FIRST + 4 * k + j]);

    const engine = await rifeOnnxFactory.create({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'cpu', threads: 2 });
    const rife: Frame[] = [];
    const blended: Frame[] = [];
    try {
      for (let k = 0; k + 1 < KEYS; k++) {
        for (const t of [0.25, 0.5, 0.75]) {
          rife.push(await engine.interpolate(keys[k], keys[k + 1], t));
          blended.push(blend(keys[k], keys[k + 1], t));
        }
      }
    } finally {
      await engine.dispose();
    }

    // minterpolate on the kept frames (7.5 fps → 30 fps): output frame 4k+j lies between keys k and k+1.
    const keysRaw = `${tmp.dir}/keys.rgb`;
    // Two copies of the last key at the end: minterpolate stops short of its last input otherwise.
    writeFileSync(keysRaw, Buffer.concat([...keys, keys[KEYS - 1], keys[KEYS - 1]].map((f) => f.data)));
    const mi = await ffmpegFrames(
      ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-r', '7.5', '-i', keysRaw],
      W,
      H,
      ['minterpolate=fps=30:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1'],
    );
    const minterp: Frame[] = [];
    for (let k = 0; k + 1 < KEYS; k++) for (let j = 1; j < 4; j++) minterp.push(mi[4 * k + j]);

    const scores = {
      rife: await psnrY(rife, truth, tmp.dir, 'rife'),
      minterpolate: await psnrY(minterp, truth, tmp.dir, 'minterpolate'),
      blend: await psnrY(blended, truth, tmp.dir, 'blend'),
    };
    // Alignment check: minterpolate's frames at key positions are the keys themselves.
    expect(await psnrY([mi[4]], [keys[1]], tmp.dir, 'align')).toBeGreaterThan(40);
    console.log(`motion.mov ${W}x${H} frames ${FIRST}-${FIRST + 4 * (KEYS - 1)}, ${truth.length} rebuilt frames, Y PSNR dB:`, scores);
    expect(scores.rife).toBeGreaterThanOrEqual(scores.blend);
    expect(scores.rife).toBeGreaterThanOrEqual(scores.minterpolate);
  });
});
