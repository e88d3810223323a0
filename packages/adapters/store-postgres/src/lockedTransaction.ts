import type pg from 'pg';

/**
 * Runs `work` in one transaction on a connection of its own, holding the transaction-scoped
 * advisory lock (`lock`, `key`) until it commits: processes that start together (several hosts)
 * wait for each other and find the work done. On an error the transaction is rolled back and
 * the connection goes back to the pool; a broken one (the rollback failed too) is dropped.
 */
export const withLockedTransaction = async <A>(
  pool: pg.Pool,
  lock: string,
  key: string,
  work: (client: pg.PoolClient) => Promise<A>,
): Promise<A> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [lock, key]);
    const done = await work(client);
    await client.query('COMMIT');
    client.release();
    return done;
  } catch (error) {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: unknown) =>
        client.release(rollbackError instanceof Error ? rollbackError : true),
    );
    throw error;
  }
};
