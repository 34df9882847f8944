// `interup frames IN_DIR OUT_DIR FACTOR`: the seed's batch_rife.py — in-between PNGs for a folder of frames.
import type { Command } from 'commander';
import type { PreferChoice } from '../../engines/registry.js';
import { interpolateFolder } from '../../pipeline/index.js';
import { reportError } from '../errors.js';
import { addEngineAndLogFlags, startCommandOutput, type LogFlags } from './common-flags.js';

interface FramesFlags extends LogFlags {
  prefer: PreferChoice;
  device?: string;
  threads?: number;
  modelsDir?: string;
}

export function registerFramesCommand(program: Command): void {
  const command = program
    .command('frames')
    .description(
      'Read IN_DIR/*.png in name order and write, for each consecutive pair, FACTOR-1 in-between frames to\n' +
        'OUT_DIR named frame_NNNNNN_mid.png (FACTOR 2) or frame_NNNNNN_mid_XX.png (XX = 01…FACTOR-1), where\n' +
        "NNNNNN is the pair's first frame number (from frame_NNNNNN.png names, else its 1-based position).",
    )
    .argument('<IN_DIR>', 'folder of PNG frames')
    .argument('<OUT_DIR>', 'folder for the in-between frames (created if missing)')
    .argument('<FACTOR>', 'frame-rate multiplier, 2..64');
  addEngineAndLogFlags(command);
  command.action(async (inDir: string, outDir: string, factor: string, flags: FramesFlags) => {
    const { out, signal, done } = startCommandOutput(flags);
    try {
      const report = await interpolateFolder(
        { inDir, outDir, factor: Number(factor), prefer: flags.prefer, device: flags.device, threads: flags.threads, modelsDir: flags.modelsDir },
        { logger: out.logger, onProgress: out.progress, signal },
      );
      done();
      process.stdout.write(`${outDir}: ${report.written.length} in-between frames for ${report.pairs} pairs (${report.engine})\n`);
    } catch (error) {
      done();
      process.exitCode = reportError(error, flags.logFormat);
    }
  });
}
