// bin/interup.js runs dist/ only while it was built from the sources as they are: after a `git pull` or an
// edit without `npm run build` (anything under src/ newer than the build's stamp, a new or deleted file
// included), the sources run through tsx instead; with no tsx either, it refuses with the command to run.
// Checked on a small copy of the layout (bin/, a src/ and a dist/ that say which one answered).
import { copyFileSync, mkdirSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessError, runProcess } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';

const repo = resolve(import.meta.dirname, '..', '..');
const tmp = makeTempDir();
const root = tmp.dir;
const past = new Date('2020-01-01T00:00:00Z');

// Runs `node bin/interup.js` in the copy, without the suite's INTERUP_FROM_SOURCE=1.
async function interup(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.INTERUP_FROM_SOURCE;
  try {
    const r = await runProcess(process.execPath, [join(root, 'bin', 'interup.js')], { env, timeoutMs: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return { code: error.failure.exitCode ?? -1, stdout: '', stderr: error.failure.stderrTail };
  }
}

async function build(): Promise<void> {
  await runProcess(process.execPath, [join(root, 'bin', 'build-stamp.js'), 'begin'], { timeoutMs: 30_000 });
  await runProcess(process.execPath, [join(root, 'bin', 'build-stamp.js'), 'end'], { timeoutMs: 30_000 });
}

beforeAll(() => {
  mkdirSync(join(root, 'bin'));
  for (const f of ['interup.js', 'build-stamp.js']) copyFileSync(join(repo, 'bin', f), join(root, 'bin', f));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), "process.stdout.write('from sources\\n');\n");
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), "process.stdout.write('from dist\\n');\n");
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  // The sources were last changed long ago: whatever changes next is certainly newer.
  for (const p of ['src/cli/main.ts', 'src/cli', 'src']) utimesSync(join(root, p), past, past);
});
afterAll(() => tmp.cleanup());

describe('bin/interup.js and a stale dist/', () => {
  it('a dist/ with no stamp (a build from before stamps, or one that failed) is not trusted', async () => {
    expect((await interup()).stdout).toBe('from sources\n');
  });

  it('runs dist/ right after a build', async () => {
    await build();
    expect((await interup()).stdout).toBe('from dist\n');
  });

  it('runs the sources once a source file is newer than the build, until the next build', async () => {
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), "process.stdout.write('from sources\\n'); // pulled\n");
    expect((await interup()).stdout).toBe('from sources\n');
    await build();
    expect((await interup()).stdout).toBe('from dist\n');
  });

  it('a new file counts too (its folder changed), and so does a deleted one', async () => {
    utimesSync(join(root, 'src', 'cli'), past, past);
    await build();
    writeFileSync(join(root, 'src', 'cli', 'extra.ts'), 'export {};\n');
    expect((await interup()).stdout).toBe('from sources\n');
    await build();
    unlinkSync(join(root, 'src', 'cli', 'extra.ts'));
    expect((await interup()).stdout).toBe('from sources\n');
  });

  it('stale and no tsx to run the sources: refuses, saying what to run', async () => {
    rmSync(join(root, 'node_modules'));
    const r = await interup();
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd()).toBe(`interup: error: the build in dist/ is older than the sources in src/, and tsx (which runs the sources) is not installed. Run: cd ${root} && npm run build`);
  });
});
