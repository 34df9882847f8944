// The watch page: one read-only page for the box, fed by what the commands already emit.
export { WatchHub, type WatchHubOptions, type Picture, type Compare } from './hub.js';
export { startWatchServer, type MountedRoutes, type WatchServer, type WatchServerOptions } from './server.js';
export { isLoopback, pageToken } from './access.js';
export { deviceWords, engineWords } from './words.js';
export type { EngineView, JobView, MonitorView, OutputView, QueueView, WatchSnapshot } from './view.js';
