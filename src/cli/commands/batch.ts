// `interup batch`: not written yet; its issue's work fills this in.
import type { Command } from 'commander';

export function registerBatchCommand(_program: Command): void {
  // Registers nothing until the command is implemented.
}
