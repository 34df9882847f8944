// `--output DIR`: the old pipeline was run as `--output /workspace/output`. An existing folder, or a path
// ending in a slash, means "write <input name>.<fps>fps[.<scale>x].<ext> inside it" (the folder is made
// when the slash says it is one). The container stays the input's where it holds everything we write
// (mp4, mov, m4v, mkv); anything else becomes .mkv, which holds every stream the source had.
import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { Q, type Rational } from '../frames/index.js';

const KEPT_CONTAINERS = new Set(['.mp4', '.mov', '.m4v', '.mkv']);

/** '60', '59.94', '23.976': the rate as a file name shows it (three decimals at most, no trailing zeros). */
export function fpsLabel(fps: Rational): string {
  return Number(Q.toNumber(fps).toFixed(3)).toString();
}

/** The file name interup writes for `input` into a folder. */
export function outputName(input: string, what: { fps?: Rational; scale?: number }): string {
  const ext = extname(input).toLowerCase();
  const name = basename(input, extname(input));
  const parts = [name, what.fps ? `${fpsLabel(what.fps)}fps` : undefined, what.scale && what.scale !== 1 ? `${what.scale}x` : undefined].filter(Boolean);
  return `${parts.join('.')}${KEPT_CONTAINERS.has(ext) ? ext : '.mkv'}`;
}

/**
 * `output` unchanged when it names a file; inside it (see outputName) when it is an existing folder or ends
 * in a slash (then made if missing). `dir` says which.
 */
export async function resolveOutput(output: string, input: string, what: { fps?: Rational; scale?: number }): Promise<{ path: string; dir: boolean }> {
  const slash = output.endsWith('/') || output.endsWith(sep);
  const isDir = slash || (await stat(output).catch(() => undefined))?.isDirectory() === true;
  if (!isDir) return { path: output, dir: false };
  if (slash) await mkdir(resolve(output), { recursive: true });
  return { path: join(resolve(output), outputName(input, what)), dir: true };
}
