// `interup monitor`: not written yet; its issue's work fills this in.
import type { Command } from 'commander';

export function registerMonitorCommand(_program: Command): void {
  // Registers nothing until the command is implemented.
}
