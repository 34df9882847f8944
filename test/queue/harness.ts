// What the queue tests share: a clip with keyframes every second and audio, workers as real CLI child
// processes (kill -9 works on them), the CLI's one-shot commands, and framemd5 of a decoded file.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { runProcess, spawnProcess, type SpawnedProcess } from '../../src/process/index.js';
import { BIN, runCli, type CliResult } from '../helpers/cli.js';
import type { TestS3 } from '../helpers/s3.js';
import { writeFile } from 'node:fs/promises';

/** testsrc2 with a sine tone: `seconds` long at 24 fps, a keyframe every second; PCM audio in Matroska
 *  (nothing shifts its start), AAC in MP4. */
export async function makeClip(dir: string, seconds: number, name = 'clip.mkv'): Promise<string> {
  const path = join(dir, name);
  const audio = name.endsWith('.mp4') ? 'aac' : 'pcm_s16le';
  await runProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=192x108:rate=24:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '24', '-pix_fmt', 'yuv420p', '-c:a', audio, '-shortest', '-y', path], { timeoutMs: 60_000 });
  return path;
}

export interface Worker {
  proc: SpawnedProcess;
  lines: string[];
  /** Resolves with the exit code (or signal name) once the worker is gone. */
  exited: Promise<number | string>;
}

/** Starts `interup queue worker` with JSON logs; `onLine` may SIGKILL it (return true) at a chosen line. */
export function startWorker(args: string[], env: Record<string, string>, onLine?: (line: string) => boolean): Worker {
  const lines: string[] = [];
  let pending = '';
  let killed = false;
  const proc = spawnProcess(process.execPath, [BIN, 'queue', 'worker', '--log-format', 'json', ...args], {
    env: { ...process.env, ...env },
    stdout: 'ignore',
    stderrLimit: 64 * 1024,
    onStderr: (chunk) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (!killed && onLine?.(line)) {
          killed = true;
          proc.child.kill('SIGKILL');
        }
      }
    },
  });
  const exited = proc.done.then(
    () => 0,
    () => proc.child.exitCode ?? proc.child.signalCode ?? 'unknown',
  );
  return { proc, lines, exited };
}

/** Parsed JSON log records of a worker with this message. */
export function records(worker: Worker, msg: string): Record<string, unknown>[] {
  return worker.lines.flatMap((l) => {
    try {
      const r = JSON.parse(l) as Record<string, unknown>;
      return r.msg === msg ? [r] : [];
    } catch {
      return [];
    }
  });
}

export function queueCli(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<CliResult> {
  return runCli(['queue', ...args], { env, timeoutMs });
}

/** A batch file pointing at the test S3 server. */
export function writeBatch(dir: string, s3: TestS3, jobs: object[], name = 'batch.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ s3: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true }, jobs }, null, 2));
  return path;
}

export async function download(client: S3Client, bucket: string, key: string, to: string): Promise<string> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await writeFile(to, Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()));
  return to;
}

export async function keysUnder(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

/** ffmpeg's framemd5 of every decoded video frame: timestamps and a hash per frame. */
export async function framemd5(path: string): Promise<string[]> {
  const { stdout } = await runProcess('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'], { timeoutMs: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((l) => l && !l.startsWith('#'));
}
