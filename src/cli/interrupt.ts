// Ctrl-C and SIGTERM for every command, in one place: the first signal aborts the command's AbortSignal
// (the library stops its children and removes its temp files), and the command ends with the shell's exit
// code for that signal (130, 143) and one line saying what was left, never a "Command was cancelled" error.
import { InterupError } from '../util/index.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];

/** 128 + the signal number, as shells report a process ended by it. */
export const SIGNAL_EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupts {
  signal: AbortSignal;
  /** The signal that arrived, if one did. */
  received(): StopSignal | undefined;
  /** Stops listening (a second Ctrl-C afterwards ends the process the default way). */
  dispose(): void;
}

/** Listens for SIGINT/SIGTERM until disposed. */
export function watchInterrupts(): Interrupts {
  const controller = new AbortController();
  let got: StopSignal | undefined;
  const handlers = SIGNALS.map((sig) => {
    const handler = (): void => {
      got ??= sig;
      controller.abort(new Error(`interrupted by ${sig}`));
    };
    process.once(sig, handler);
    return [sig, handler] as const;
  });
  return {
    signal: controller.signal,
    received: () => got,
    dispose: () => {
      for (const [sig, handler] of handlers) process.off(sig, handler);
    },
  };
}

/** The error a command reports when a signal stopped it: "interrupted by SIGINT; <what was left>". */
export function interruptedError(sig: StopSignal, left: string): InterupError {
  return new InterupError('INTERRUPTED', `interrupted by ${sig}; ${left}`, { exitCode: SIGNAL_EXIT_CODE[sig] });
}
