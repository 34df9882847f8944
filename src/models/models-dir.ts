// Where model files live: --models-dir, else env INTERUP_MODELS, else the XDG cache dir; says which won.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ModelsDir {
  readonly dir: string;
  readonly source: 'flag' | 'env INTERUP_MODELS' | 'env XDG_CACHE_HOME' | 'default';
}

/** Resolves the models cache folder from a flag value and the environment. */
export function resolveModelsDir(flag?: string, env: NodeJS.ProcessEnv = process.env): ModelsDir {
  if (flag) return { dir: resolve(flag), source: 'flag' };
  if (env.INTERUP_MODELS) return { dir: resolve(env.INTERUP_MODELS), source: 'env INTERUP_MODELS' };
  if (env.XDG_CACHE_HOME) return { dir: join(resolve(env.XDG_CACHE_HOME), 'interup', 'models'), source: 'env XDG_CACHE_HOME' };
  return { dir: join(homedir(), '.cache', 'interup', 'models'), source: 'default' };
}
