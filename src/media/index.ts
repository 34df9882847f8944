export { probeMedia, assertReadableFile } from './probe.js';
export { decodeFrames, type DecodeOptions } from './decode.js';
export { startEncoder, type EncodeOptions, type VideoEncoder } from './encode.js';
export { chooseEncoder, encoderArgs, listVideoEncoders, nvencWorks, type EncoderChoice } from './encoders.js';
export { probeFfmpeg, type FfmpegInfo } from './ffmpeg-info.js';
export { readPng, writePng, encodePng, decodePng, type PngWriteOptions } from './png.js';
export { ffmpegPath, ffprobePath, runFilterHelp } from './tools.js';
export type { MediaInfo, VideoStreamInfo, AudioStreamInfo, SubtitleStreamInfo } from './types.js';
export { filterFrames } from './filter-frames.js';
