/**
 * Races a provider call against a timer, so a provider that never answers becomes an
 * ETIMEDOUT error that notifiers classify as retryable. Shared by every notifier adapter.
 */
export const withDeadline = <A>(ms: number, task: () => Promise<A>): Promise<A> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  return Promise.race([task(), deadline]).finally(() => clearTimeout(timer));
};
