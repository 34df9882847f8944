// The batch's memory across kills: one JSON file, rewritten atomically (temp + rename) after every step,
// so a kill -9 at any moment leaves either the previous state or the next, never half of one.
// JSON rather than SQLite: a batch holds tens of jobs and one writer at a time, and a native module would
// be built at every install; a lock file (with the owner's pid) keeps a second run off the same state.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ResultManifestSchema, writeJsonAtomic } from '../storage/index.js';
import { InterupError } from '../util/index.js';

export const JobStateSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  status: z.enum(['running', 'verified', 'done-local', 'failed']),
  stage: z.enum(['fetch', 'process', 'upload', 'done']).optional(),
  attempts: z.number().int().nonnegative(),
  updatedAt: z.string(),
  error: z.string().optional(),
  result: ResultManifestSchema.optional(),
  local: z.object({ path: z.string(), size: z.number(), sha256: z.string() }).optional(),
});
export type JobState = z.infer<typeof JobStateSchema>;

const StateFileSchema = z.object({ version: z.literal(1), jobs: z.record(z.string(), JobStateSchema) });

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Job states of one batch, persisted after each change. */
export class StateStore {
  readonly #file: string;
  readonly #lock: string;
  #jobs: Record<string, JobState>;

  private constructor(file: string, jobs: Record<string, JobState>) {
    this.#file = file;
    this.#lock = `${file}.lock`;
    this.#jobs = jobs;
  }

  /** Opens (or starts) the state file and takes its lock; a stale lock from a killed run is taken over. */
  static async open(file: string): Promise<{ store: StateStore; notes: string[] }> {
    await mkdir(dirname(file), { recursive: true });
    const notes: string[] = [];
    const lock = `${file}.lock`;
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const owner = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(owner) && owner !== process.pid && pidAlive(owner)) {
        throw new InterupError('BATCH_LOCKED', `Another interup (pid ${owner}) is running this batch (lock ${lock}).`, {
          hint: 'Wait for it to finish, or stop it; a lock left by a killed run is taken over automatically.',
        });
      }
      notes.push(`took over the lock of a run that is gone (pid ${owner})`);
      writeFileSync(lock, String(process.pid));
    }
    let jobs: Record<string, JobState> = {};
    try {
      const parsed = StateFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) jobs = parsed.data.jobs;
      else {
        renameSync(file, `${file}.unreadable-${Date.now()}`);
        notes.push('the state file was not valid; set it aside and started fresh');
      }
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') {
        renameSync(file, `${file}.unreadable-${Date.now()}`);
        notes.push('the state file could not be parsed; set it aside and started fresh');
      }
    }
    return { store: new StateStore(file, jobs), notes };
  }

  get(id: string): JobState | undefined {
    return this.#jobs[id];
  }

  /** Replaces a job's state and persists the whole file atomically. */
  async put(state: Omit<JobState, 'updatedAt'>): Promise<JobState> {
    const full = { ...state, updatedAt: new Date().toISOString() };
    this.#jobs = { ...this.#jobs, [state.id]: full };
    await writeJsonAtomic(this.#file, { version: 1, jobs: this.#jobs });
    return full;
  }

  /** Releases the lock (idempotent). */
  close(): void {
    rmSync(this.#lock, { force: true });
  }
}
