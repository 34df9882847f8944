// A tiny real video (ffmpeg testsrc2, 160×90, 1 s, 10 fps, H.264 + AAC) made once per test process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/process/index.js';
import { makeTempDir } from './tmp.js';

let made: Promise<string> | undefined;

/** Path to the clip; made on first call, removed when the process exits. */
export function tinyClip(): Promise<string> {
  made ??= (async () => {
    const tmp = makeTempDir('interup-clip-');
    process.once('exit', tmp.cleanup);
    const path = join(tmp.dir, 'tiny.mp4');
    await runProcess(
      'ffmpeg',
      ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=1', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', path],
      { timeoutMs: 60_000 },
    );
    if (!existsSync(path)) throw new Error('ffmpeg made no clip');
    return path;
  })();
  return made;
}
