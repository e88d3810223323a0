import pg from 'pg';

/**
 * A start line for child processes: the test holds an advisory lock, each child queues for
 * it (`pg_advisory_lock_shared(key)`), and `open()` releases it once `count` are queued (or
 * `gaveUp()` says to stop waiting), so they all start together.
 */
export const startLine = async (
  url: string,
): Promise<{
  readonly key: number;
  readonly open: (count: number, gaveUp: () => boolean) => Promise<void>;
}> => {
  const key = Math.floor(Math.random() * 1_000_000_000);
  const gate = new pg.Client({ connectionString: url });
  await gate.connect();
  await gate.query('SELECT pg_advisory_lock($1)', [key]);
  return {
    key,
    open: async (count, gaveUp) => {
      for (let queued = 0; queued < count && !gaveUp();) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const waiting = await gate.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
          [key],
        );
        queued = Number(waiting.rows[0]?.n);
      }
      await gate.query('SELECT pg_advisory_unlock($1)', [key]);
      await gate.end();
    },
  };
};
