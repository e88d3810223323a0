import type pg from 'pg';

/**
 * Runs `body` with every statement sent through `pool.query` recorded: a named statement by
 * its name (`consentry_<schema>_read_streams`), any other by its text.
 */
export const recordingStatements = async <A>(
  pool: pg.Pool,
  body: () => Promise<A>,
): Promise<{ result: A; statements: readonly string[] }> => {
  const statements: string[] = [];
  const query = pool.query.bind(pool);
  const recording = (config: unknown, ...rest: unknown[]): unknown => {
    statements.push((config as { name?: string }).name ?? String(config));
    return (query as (...args: unknown[]) => unknown)(config, ...rest);
  };
  pool.query = recording as typeof pool.query;
  try {
    return { result: await body(), statements };
  } finally {
    pool.query = query;
  }
};
