// The watchdog: completion detectors, the confirm loop, stoppers, caps, restart-safe state.
export type { Detector, ItemCheck, ItemOutcome, Observation, WindowCheck } from './types.js';
export type { Stopper, StopOutcome, StopRequest } from './stoppers/types.js';
export { createVastStopper, type VastStopperOptions } from './stoppers/vast.js';
export { createCommandStopper, type CommandStopperOptions } from './stoppers/command.js';
export { createDryRunStopper, type Sentinel } from './stoppers/dry-run.js';
export { createWatchDirDetector, type WatchDirOptions } from './watch-dir.js';
export { runMonitor, type MonitorOptions, type MonitorResult, type WatchdogState } from './run-monitor.js';
export { loadState, type MonitorState, type LoadContext } from './state.js';
export { matchesGlob } from './glob.js';
export { createBucketDetector, type BucketOptions } from './bucket.js';
export { readManifest, describeSource, type ManifestSource, type ManifestRead } from './manifest-source.js';
export { parseDuration, parsePositiveInt, defaultPaths, dryRunStatePath } from './settings.js';
export { realClock, type MonitorClock } from './clock.js';
export { currentBootId } from './boot.js';
export { createHeartbeat, type Heartbeat } from './heartbeat.js';
