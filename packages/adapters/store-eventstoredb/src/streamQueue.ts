/**
 * Runs tasks for one key one after another, so appends to a stream through this store
 * never race each other: they conflict only with other processes. Keys with nothing
 * queued are forgotten, so the map stays as small as the number of busy streams.
 */
export const keyedQueue = () => {
  const tails = new Map<string, Promise<unknown>>();
  return <A>(key: string, task: () => Promise<A>): Promise<A> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
};
