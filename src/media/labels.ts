// Text drawn onto a picture by ffmpeg's drawtext filter (labels on the preview montage). drawtext needs a
// font file and an ffmpeg built with libfreetype; labelSupport() says whether both are here, and why not,
// so a caller can fall back visibly instead of failing or silently writing no labels.
import { existsSync } from 'node:fs';
import type { Frame } from '../frames/index.js';
import { runProcess } from '../process/index.js';
import { InputError } from '../util/index.js';
import { ffmpegPath, runFilterHelp } from './tools.js';

export interface Label {
  /** One line of text (any characters: quoted for ffmpeg here). */
  text: string;
  /** Top-left corner of the text, in pixels. */
  x: number;
  y: number;
  /** Font size in pixels. */
  size: number;
}

/** DejaVu Sans where Debian/Ubuntu (fonts-dejavu-core), Fedora and Arch put it. */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

/** The font file to draw with: $INTERUP_FONT when set (it must exist), else the first candidate present. */
export function findLabelFont(candidates: readonly string[] = FONT_CANDIDATES, env: string | undefined = process.env.INTERUP_FONT): string | undefined {
  if (env !== undefined && env !== '') {
    if (!existsSync(env)) throw new InputError('FONT_MISSING', `INTERUP_FONT names ${env}, which does not exist.`, { hint: 'Point INTERUP_FONT at a .ttf or .otf file, or unset it to use DejaVu Sans.' });
    return env;
  }
  return candidates.find((c) => existsSync(c));
}

/** A font and drawtext, or the reason labels cannot be drawn here (and how to fix it). */
export async function labelSupport(candidates?: readonly string[]): Promise<{ ok: true; font: string } | { ok: false; reason: string }> {
  const font = findLabelFont(candidates);
  if (!font) return { ok: false, reason: 'no font file found (install fonts-dejavu-core, or set INTERUP_FONT to a .ttf file)' };
  if (!(await runFilterHelp('drawtext'))) return { ok: false, reason: 'this ffmpeg has no drawtext filter (it was built without libfreetype)' };
  return { ok: true, font };
}

// First level (a filter option's value): single quotes keep everything literal but a quote itself, which
// is closed, escaped and reopened.
function quoteValue(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

// Second level (the filtergraph): a backslash before each character the graph parser would take itself,
// so the option parser sees exactly the first-level text.
function escapeGraph(filter: string): string {
  return filter.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** One drawtext filter per label, white text, no %{…} expansion; safe for any text and font path. */
export function drawtextFilters(labels: readonly Label[], font: string): string {
  return labels
    .map((l) =>
      escapeGraph(
        `drawtext=fontfile=${quoteValue(font)}:expansion=none:text=${quoteValue(l.text)}:x=${Math.round(l.x)}:y=${Math.round(l.y)}:fontsize=${Math.round(l.size)}:fontcolor=white`,
      ),
    )
    .join(',');
}

/** Encodes `frame` as a PNG with `labels` drawn on it. */
export async function writeLabelledPng(path: string, frame: Frame, labels: readonly Label[], font: string, signal?: AbortSignal): Promise<void> {
  const args = ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0'];
  if (labels.length > 0) args.push('-vf', drawtextFilters(labels, font));
  args.push('-frames:v', '1', '-f', 'image2', '-c:v', 'png', path);
  await runProcess(ffmpegPath(), args, { input: frame.data, signal, timeoutMs: 60_000 });
}
