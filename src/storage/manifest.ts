// Manifests: the proof a result exists (per object) and the outcome of a batch (what the watchdog waits for).
import { z } from 'zod';

export const ResultManifestSchema = z.object({
  kind: z.literal('interup.result'),
  version: z.literal(1),
  bucket: z.string(),
  key: z.string(),
  url: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  etag: z.string().optional(),
  /** The exact check that passed, e.g. "head:size+sha256-metadata". */
  check: z.string(),
  uploadStartedAt: z.string(),
  uploadedAt: z.string(),
  verifiedAt: z.string(),
  /** Local file that was uploaded, and the job it belongs to. */
  source: z.string().optional(),
  jobId: z.string().optional(),
  /** What the batch job asked for (hash); a rerun skips the job only when this matches. */
  jobFingerprint: z.string().optional(),
});
export type ResultManifest = z.infer<typeof ResultManifestSchema>;

export const JobOutcomeSchema = z.object({
  id: z.string(),
  input: z.string(),
  output: z.string(),
  status: z.enum(['verified', 'done-local', 'failed', 'skipped']),
  error: z.string().optional(),
  result: ResultManifestSchema.optional(),
  /** For local outputs: path, size and sha256 of the written file. */
  local: z.object({ path: z.string(), size: z.number(), sha256: z.string() }).optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type JobOutcome = z.infer<typeof JobOutcomeSchema>;

export const BatchManifestSchema = z.object({
  kind: z.literal('interup.batch'),
  version: z.literal(1),
  batchFile: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  jobs: z.array(JobOutcomeSchema),
});
export type BatchManifest = z.infer<typeof BatchManifestSchema>;
