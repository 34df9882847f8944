// This process's live child processes, read from /proc (Linux): how a test proves that a run left no
// ffmpeg behind.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of this process's children whose command name is `name` (zombies excluded: they have exited). */
export function liveChildren(name: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces or parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state, ppid] = stat.slice(close + 2).split(' ');
    if (comm === name && Number(ppid) === process.pid && state !== 'Z') found.push(Number(entry));
  }
  return found;
}
