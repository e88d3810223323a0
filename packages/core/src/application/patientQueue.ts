/**
 * Commands on one patient in one process wait their turn instead of racing each other to the
 * consent stream: fifty writers on one patient would otherwise lose the version race over and
 * over and end in `Busy`. Optimistic retries remain for writers in other processes. Keys
 * with nothing queued are dropped, so the map holds only patients with work in flight.
 */
export interface KeyedQueue {
  run<A>(key: string, task: () => Promise<A>): Promise<A>;
}

export const keyedQueue = (): KeyedQueue => {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<A>(key: string, task: () => Promise<A>): Promise<A> {
      const before = tails.get(key) ?? Promise.resolve();
      const result = before.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
};
