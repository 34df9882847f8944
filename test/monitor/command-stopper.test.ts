// --stop-command: any provider's CLI, run as an argument array (never a shell string), retried on failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandStopper } from '../../src/monitor/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { makeTempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('interup-monitor-cmd-');
});
afterEach(() => tmp.cleanup());

const request = { reason: 'verified', window: [], checks: '3/3[x]', at: new Date().toISOString() };

describe('command stopper', () => {
  it('runs the program with its arguments verbatim (no shell): spaces and $ stay literal', async () => {
    const marker = join(tmp.dir, 'stopped');
    const script = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))';
    const stopper = createCommandStopper({ argv: [process.execPath, '-e', script, marker, 'instance 123', '$HOME;rm -rf x'], logger: memoryLogger() });
    const outcome = await stopper.stop(request);
    expect(outcome.confirmed).toBe(true);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual(['instance 123', '$HOME;rm -rf x']);
  });

  it('retries a failing command, then reports its stderr', async () => {
    const counter = join(tmp.dir, 'count');
    const script = `const fs=require("fs");const n=(fs.existsSync("${counter}")?+fs.readFileSync("${counter}","utf8"):0)+1;fs.writeFileSync("${counter}",String(n));console.error("provider says no ("+n+")");process.exit(3)`;
    const log = memoryLogger();
    const stopper = createCommandStopper({ argv: [process.execPath, '-e', script], logger: log, attempts: 3, backoff: { baseMs: 10, capMs: 20 } });
    await expect(stopper.stop(request)).rejects.toThrow(/exit code 3[\s\S]*provider says no \(3\)/);
    expect(readFileSync(counter, 'utf8')).toBe('3');
    expect(log.records.filter((r) => /stop command failed/.test(r.msg))).toHaveLength(2);
  });

  it('refuses an empty command', () => {
    expect(() => createCommandStopper({ argv: [], logger: memoryLogger() })).toThrow(/needs a program/);
    expect(existsSync(join(tmp.dir, 'stopped'))).toBe(false);
  });
});
