// Jobs 0..count−1 handed out in order to a few concurrent lanes: how a caller keeps an engine's
// maxConcurrency calls in flight when it has no pipeline (frames mode, the benches).

/**
 * Runs `job(i)` for i = 0..count−1 on `lanes` concurrent lanes, in order of i. After a job fails no lane
 * starts another (`stopped()` tells a running job to stop early); every lane finishes before the first
 * failure is rethrown, so the caller may dispose what the jobs used.
 */
export async function inLanes(lanes: number, count: number, job: (index: number, stopped: () => boolean) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const stopped = (): boolean => failed;
  const lane = async (): Promise<void> => {
    while (!failed && next < count) {
      try {
        await job(next++, stopped);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, lanes) }, lane));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
