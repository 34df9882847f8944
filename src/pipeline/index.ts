export { processVideo, DEFAULT_SCENE_THRESHOLD } from './process-video.js';
export { runPairStages, runStreamStages, type StageStats, type SceneOptions } from './stages.js';
export { Channel, Limiter } from './channel.js';
export { upscaleSettings } from './upscale-stage.js';
export { interpolateFolder, type FramesOptions, type FramesReport } from './frames-folder.js';
export type { ProcessOptions, ProcessContext, RunReport, ProcessVideo, Mode, Prefer } from './types.js';
export { runDemo, type DemoOptions, type DemoResult } from './demo.js';
export { writePreview, type PreviewOptions, type PreviewResult, type PreviewContext } from './preview.js';
