// Every setting defined once (flag, description, check, default, env var): the CLI builds its options from
// these, the batch file its fields, and the library its option types.
export {
  choiceSetting,
  intSetting,
  numberSetting,
  readEnv,
  resolveSetting,
  settingName,
  switchSetting,
  textSetting,
  type Setting,
  type SettingSource,
} from './define.js';
export { DEVICES, PREFERS, device, inferencePad, modelsDir, ncnnGpu, prefer, threads, type Device, type Prefer } from './engine.js';
export { LOG_FORMATS, LOG_LEVELS, logFormat, logLevel, progress, type LogFormat } from './logging.js';
export { ffmpegPath, ffprobePath } from './tools.js';
export { attempts, concurrency, etagCheck, jobTimeout, partSizeMiB, readBack } from './upload.js';
export { DEDUPS, DEINTERLACE, MODES, ONLY_IN_MODES, SIZE_FITS, crf, dedup, dedupMaxHold, deinterlace, demoSeconds, encoder, factor, framesFactor, mode, pixFmt, scale, sceneDetect, sceneThreshold, sizeFit, targetFps, tile, upscaleModel, type Dedup, type Deinterlace, type Mode } from './video.js';
export { segmentSeconds } from './queue.js';
export { checkpointSeconds, resume } from './checkpoint.js';
export { serve, serveHost, serveLinger, servePort, serveToken } from './serve.js';
