// Jobs 0..count−1 handed out in order to a few concurrent lanes: how a caller keeps an engine's
// maxConcurrency calls in flight when it has no pipeline (frames mode, the benches).

/**
 * Runs `job(i)` for i = 0..count−1 on `lanes` concurrent lanes, in order of i. After a job fails no lane
 * starts another (`stopped()` tells a running job to stop early); every lane finishes before the first
 * failure (the first in time, whichever lane it came from) is rethrown, so the caller may dispose what
 * the jobs used. Failures after the first are dropped: they are usually its consequence.
 */
export async function inLanes(lanes: number, count: number, job: (index: number, stopped: () => boolean) => Promise<void>): Promise<void> {
  let next = 0;
  let first: { error: unknown } | undefined;
  const stopped = (): boolean => first !== undefined;
  const lane = async (): Promise<void> => {
    while (first === undefined && next < count) {
      try {
        await job(next++, stopped);
      } catch (error) {
        first ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  if (first) throw first.error;
}
