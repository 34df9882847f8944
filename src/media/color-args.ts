// The ffmpeg arguments that keep a source's colour: the matrix and range used to turn our RGB frames back
// into YUV (the same ones the decoder used to make them), the tags written into the output, and HDR10
// static metadata where the encoder can write it (libx265; others say they cannot).
import type { ColorInfo, HdrInfo } from './types.js';

/** swscale's name for a YUV matrix tag, or undefined when swscale's default (BT.601) is right. */
export function swsMatrix(matrix: string | undefined): string | undefined {
  switch (matrix) {
    case 'bt709':
      return 'bt709';
    case 'smpte170m':
    case 'bt470bg':
      return 'bt601';
    case 'bt2020nc':
    case 'bt2020c':
      return 'bt2020';
    case 'fcc':
      return 'fcc';
    case 'smpte240m':
      return 'smpte240m';
    default:
      return undefined;
  }
}

/** Filters turning RGB into the output's YUV with the source's matrix and range (none for RGB outputs). */
export function colorFilter(color: ColorInfo, yuvOutput: boolean): string | undefined {
  if (!yuvOutput) return undefined;
  const matrix = swsMatrix(color.matrix);
  const parts = [matrix ? `out_color_matrix=${matrix}` : undefined, color.range ? `out_range=${color.range === 'pc' ? 'full' : 'limited'}` : undefined].filter(Boolean);
  return parts.length > 0 ? `scale=${parts.join(':')}` : undefined;
}

/** -color_* tags for the encoder; an RGB output gets no matrix or range (they describe YUV). */
export function colorTags(color: ColorInfo, yuvOutput: boolean): string[] {
  const args: string[] = [];
  if (color.primaries) args.push('-color_primaries', color.primaries);
  if (color.transfer) args.push('-color_trc', color.transfer);
  if (yuvOutput && color.matrix) args.push('-colorspace', color.matrix);
  if (yuvOutput && color.range) args.push('-color_range', color.range);
  return args;
}

/** x265's master-display/max-cll strings (chromaticities in 1/50000, luminance in 1/10000 cd/m²). */
export function x265HdrParams(hdr: HdrInfo): string[] {
  const params: string[] = [];
  const md = hdr.masteringDisplay;
  if (md) {
    const c = ([x, y]: [number, number]): string => `(${Math.round(x * 50000)},${Math.round(y * 50000)})`;
    params.push(`master-display=G${c(md.green)}B${c(md.blue)}R${c(md.red)}WP${c(md.whitePoint)}L(${Math.round(md.maxLuminance * 10000)},${Math.round(md.minLuminance * 10000)})`);
  }
  if (hdr.contentLight) params.push(`max-cll=${hdr.contentLight.maxCll},${hdr.contentLight.maxFall}`);
  if (params.length > 0) params.push('hdr10=1', 'repeat-headers=1');
  return params;
}
