// `interup frames IN_DIR OUT_DIR FACTOR`: the seed's batch_rife.py — in-between PNGs for a folder of frames.
import { Argument, type Command } from 'commander';
import { interpolateFolder } from '../../pipeline/index.js';
import { framesFactor, type Device, type Prefer } from '../../settings/index.js';
import { addSettings, logGivenSettings } from '../settings-options.js';
import { ENGINE_SETTINGS, LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface FramesFlags extends LogFlags {
  prefer: Prefer;
  device: Device;
  threads?: number;
  modelsDir?: string;
}

export function registerFramesCommand(program: Command): void {
  const command = program
    .command('frames')
    .summary("write in-between PNGs for a folder of frames (the old batch_rife.py)")
    .description(
      'Read IN_DIR/*.png in name order and write, for each consecutive pair, FACTOR-1 in-between frames to ' +
        'OUT_DIR named frame_NNNNNN_mid.png (FACTOR 2) or frame_NNNNNN_mid_XX.png (XX = 01…FACTOR-1), where ' +
        "NNNNNN is the pair's first frame number (from frame_NNNNNN.png names, else its 1-based position).",
    )
    .argument('<IN_DIR>', 'folder of PNG frames')
    .argument('<OUT_DIR>', 'folder for the in-between frames (created if missing)')
    .addArgument(new Argument('<FACTOR>', framesFactor.description).argParser((text: string) => framesFactor.parse(text, 'FACTOR')));
  const settings = [...ENGINE_SETTINGS, ...LOG_SETTINGS];
  addSettings(command, settings);
  command.action(async (inDir: string, outDir: string, factor: number, flags: FramesFlags, self: Command) => {
    await runCommand(
      flags,
      async ({ out, signal }) => {
        logGivenSettings(out.logger, self, settings);
        const report = await interpolateFolder(
          { inDir, outDir, factor, prefer: flags.prefer, device: flags.device, threads: flags.threads, modelsDir: flags.modelsDir },
          { logger: out.logger, onProgress: out.progress, signal },
        );
        out.close();
        process.stdout.write(`${outDir}: ${report.written.length} in-between frames for ${report.pairs} pairs (${report.engine})\n`);
        return 0;
      },
      () => `the in-between frames written before it in ${outDir} are whole; rerun to redo them all`,
    );
  });
}
