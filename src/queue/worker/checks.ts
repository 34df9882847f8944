// The checks a worker makes on a job from the queue before touching anything: its input is one this box
// may read, its output a bucket key, and the S3 server it names the one this box uploads to.
import { parseS3Url, type S3Location } from '../../storage/index.js';
import { InputError } from '../../util/index.js';
import { checkInput } from '../guard.js';
import type { PublicS3, QueuedJob } from '../job-data.js';
import type { WorkContext } from './context.js';

const endpointOf = (url: string | undefined): string => (url ?? '').replace(/\/+$/, '');

export interface CheckedJob {
  input: string;
  output: S3Location;
}

/** Throws an InputError (the job fails without retries and uploads nothing) when the job is not acceptable. */
export async function checkJob(job: QueuedJob, ctx: WorkContext): Promise<CheckedJob> {
  const input = await checkInput(job.spec.input, ctx.allowDirs);
  if (job.spec.modelsDir !== undefined) {
    throw new InputError('QUEUE_JOB_INVALID', 'This job sets modelsDir; where models live is each box\'s own setting (queue worker --models-dir).');
  }
  let output: S3Location;
  try {
    output = parseS3Url(job.spec.output);
  } catch {
    throw new InputError('QUEUE_JOB_INVALID', `This job's output ${JSON.stringify(job.spec.output)} is not s3://bucket/key; a queued job's result goes to a bucket.`);
  }
  if (output.key.endsWith('/')) {
    throw new InputError('QUEUE_JOB_INVALID', `This job's output ${JSON.stringify(job.spec.output)} names a folder; a queued job's result must name its object (s3://bucket/folder/name.mp4).`);
  }
  checkEndpoint(job.s3, ctx);
  if (job.kind === 'segment' && !job.key.startsWith(`${output.key}.segments/`)) {
    throw new InputError('QUEUE_JOB_INVALID', `This segment's key ${job.key} is not beside its job's output ${output.key}.`);
  }
  return { input, output };
}

function checkEndpoint(s3: PublicS3 | undefined, ctx: WorkContext): void {
  const wanted = endpointOf(s3?.endpoint);
  const mine = endpointOf(ctx.s3.endpoint);
  if (wanted !== mine) {
    throw new InputError('QUEUE_S3_ENDPOINT', `This job uploads to S3 endpoint ${wanted || 'AWS (none given)'} but this worker uploads to ${mine || 'AWS (none given)'}.`, {
      hint: 'Start the worker with the batch\'s endpoint (--s3-endpoint or INTERUP_S3_ENDPOINT): a worker sends its credentials only to the server it was started for.',
    });
  }
}
