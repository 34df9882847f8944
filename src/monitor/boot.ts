// Which start of the box this is. After the watchdog stopped the box, a watchdog that starts on a NEW
// boot sees a box the user started again (do not stop it for the same result); one on the SAME boot
// sees a box that was never really stopped (the latch must not hold).
import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';

// A file's trimmed text, or undefined when it cannot be read (not Linux, no /proc).
function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Identifies this start of the machine or container: the kernel's boot id plus PID 1's start time.
 *  A container (vast.ai's instances are containers) restarts without a new kernel boot, but with a new
 *  PID 1; a VM reboot changes the boot id. Without /proc: the boot time from uptime, to the minute. */
export function currentBootId(): string {
  const kernel = read('/proc/sys/kernel/random/boot_id');
  // /proc/1/stat: "1 (comm) S …"; field 22 (starttime, clock ticks after boot) is the 20th after ")".
  const stat = read('/proc/1/stat');
  const init = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  if (kernel) return `${kernel}/init@${init ?? '?'}`;
  return `boot-minute:${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
}
