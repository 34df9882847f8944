// The one way frames go into a child's stdin (encoder, filters): each write awaits 'drain' when the pipe's
// buffer is full, so at most one frame is ever pending in our buffer however slow the child is.
import type { Writable } from 'node:stream';

/**
 * Writes `data`; resolves once the pipe can take more. Rejects with `died`'s error when the child is gone
 * (`died` rejects when it exits). `written` runs once the pipe no longer needs `data` (it may be reused).
 */
export async function writeFrame(stdin: Writable | null, data: Buffer, died: Promise<never>, written?: () => void): Promise<void> {
  if (!stdin || stdin.destroyed || stdin.writableEnded) return died;
  // The stream's callback runs once the bytes left our buffer (or the write failed).
  const done = written ? (): void => written() : undefined;
  if (stdin.write(data, done)) return;
  // Not events.once: it rejects with a bare EPIPE, while `died` carries the child's own message.
  let onDrain: (() => void) | undefined;
  try {
    await Promise.race([new Promise<void>((resolve) => stdin.once('drain', (onDrain = resolve))), died]);
  } finally {
    if (onDrain) stdin.off('drain', onDrain);
  }
}
