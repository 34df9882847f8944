// The boot identity the stop latch keys on: the same in every process of this start of the machine.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBootId } from '../../src/monitor/index.js';
import { runProcess } from '../../src/process/index.js';

describe('boot id', () => {
  it('is stable within a boot, across processes, and names the kernel boot and PID 1 where /proc has them', async () => {
    const here = currentBootId();
    expect(currentBootId()).toBe(here);
    const script = `import { currentBootId } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'monitor', 'boot.ts'))}; process.stdout.write(currentBootId());`;
    const { stdout } = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeoutMs: 60_000 });
    expect(stdout).toBe(here);
    const kernel = (() => {
      try {
        return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      } catch {
        return undefined;
      }
    })();
    if (kernel) expect(here).toMatch(new RegExp(`^${kernel}/init@\\d+$`));
    else expect(here).toMatch(/^boot-minute:\d+$/);
  });
});
