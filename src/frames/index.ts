export { type Frame, type PixelFormat, frameBytes, makeFrame, maxValue, padFrame, padFrameTo, pixelBytes, cropFrame, samples16 } from './frame.js';
export * as Q from './rational.js';
export { type Rational, parseRational, rat } from './rational.js';
export { sceneScore, DEFAULT_SCENE_THRESHOLD } from './scene.js';
export { FramePool, type FramePoolStats } from './pool.js';
export { compareRepeat, repeatSignature, lumaDistance, isClearRepeat, CLEAR_REPEAT, DEFAULT_REPEAT_THRESHOLDS, type RepeatSignature, type RepeatThresholds, type RepeatVerdict } from './repeats.js';
