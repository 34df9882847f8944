// One style for everything the CLI says about a mistake, its own or commander's: one line that starts
// "interup: error: ", is a sentence (capital, full stop), says what was wrong (a word that is no number is
// "not a number", without the range essay or type jargon) and where help is; exit 2. And one style for
// --help: one-line summaries and flag descriptions in lower case without a full stop (as commander's own
// "display help for command"), each default said once (commander's "(default: X)"), long descriptions as
// sentences.
import type { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram, exitFor } from '../../src/cli/program.js';
import { ProcessError, spawnProcess } from '../../src/process/index.js';
import { BIN, runCli } from '../helpers/cli.js';

// Parses `args` with the real command tree and ends as main.ts does; returns the exit code and stderr.
async function parse(args: string[]): Promise<{ code: number; stderr: string }> {
  const program = buildProgram();
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stderr };
  } catch (error) {
    return { code: exitFor(error, program, args), stderr };
  } finally {
    write.mockRestore();
  }
}

describe('usage errors, commander\'s and interup\'s, in one style', () => {
  it.each([
    [['run', '-i', 'in.mp4', '-o', 'out.mp4', '--target-fps', 'abc'], /^interup: error: Expected a frame rate from 1 to 1000 fps \(70, 59\.94 or 60000\/1001\) for --target-fps but received "abc", which is not a number\.$/],
    [['run', '-i', 'in.mp4', '-o', 'out.mp4', '--threads', '1.5'], /^interup: error: Expected a positive integer for --threads but received "1\.5", which is not a whole number\.$/],
    [['run', '-o', 'out.mp4'], /^interup: error: Required option '-i, --input <file>' not specified\. Run interup run --help for usage\.$/],
    [['run', '-i', 'in.mp4', '-o', 'out.mp4', '--prefre', 'blend'], /^interup: error: Unknown option '--prefre'\. Did you mean --prefer\? Run interup run --help for usage\.$/],
    [['rnu'], /^interup: error: Unknown command 'rnu'\. Did you mean run\? Run interup --help for usage\.$/],
    [['frames', 'a', 'b'], /^interup: error: Missing required argument 'FACTOR'\. Run interup frames --help for usage\.$/],
    [['queue', 'submit', 'jobs.yaml', '--bogus'], /^interup: error: Unknown option '--bogus'\. Run interup queue submit --help for usage\.$/],
  ])('interup %j: one sentence on one line after "interup: error: ", exit 2', async (args, message) => {
    const r = await parse(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^[^\n]*\n$/);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr).not.toMatch(/of type/);
  });

  it('through the real entry point too: bin/interup.js with an unknown command', async () => {
    const r = await runCli(['rnu']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: "interup: error: Unknown command 'rnu'. Did you mean run? Run interup --help for usage.\n" });
  });
});

describe('a reader that stops early', () => {
  it('`interup run --help | head` (stdout closed before interup writes): exit 0, no EPIPE stack trace', async () => {
    const proc = spawnProcess(process.execPath, [BIN, 'run', '--help'], { stdout: 'pipe', timeoutMs: 120_000 });
    proc.stdout?.destroy(); // our end of the pipe is closed before the child can have started
    const code = await proc.done.then(() => 0, (error: unknown) => (error instanceof ProcessError ? error.failure.exitCode : -1));
    expect({ code, stderr: proc.stderrTail() }).toEqual({ code: 0, stderr: '' });
  });
});

describe('--help reads in one style', () => {
  // Lower case first, unless the first word is an acronym or a unit (ONNX, CPU, S3, MiB, PNG).
  const lowerOrAcronym = (text: string): boolean => /^[a-z0-9(<"`$-]/.test(text) || /^[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b/.test(text);
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  const name = (command: Command): string => {
    const parent = command.parent;
    return parent ? `${name(parent)} ${command.name()}` : command.name();
  };

  it('summaries and flag descriptions: lower case, no full stop, a default said once; long descriptions: sentences', () => {
    const problems: string[] = [];
    for (const command of all(buildProgram())) {
      const summary = command.summary() || command.description();
      if (command.parent && (!lowerOrAcronym(summary) || summary.endsWith('.'))) problems.push(`${name(command)} summary: ${summary}`);
      if (command.summary() && !/^[A-Z].*[.)]$/s.test(command.description())) problems.push(`${name(command)} description: ${command.description()}`);
      for (const option of command.options) {
        if (!lowerOrAcronym(option.description) || option.description.endsWith('.')) problems.push(`${name(command)} ${option.flags}: ${option.description}`);
        // commander adds "(default: X)" to a flag that takes a value: the description does not say it again.
        const shown = option.defaultValue !== undefined && (option.required || option.optional);
        if (shown && option.description.includes(`default ${String(option.defaultValue)}`)) problems.push(`${name(command)} ${option.flags}: default said twice`);
      }
      for (const argument of command.registeredArguments) {
        if (!lowerOrAcronym(argument.description) || argument.description.endsWith('.')) problems.push(`${name(command)} <${argument.name()}>: ${argument.description}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
