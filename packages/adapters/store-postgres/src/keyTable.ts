import type { KeyScope, KeyTable, WrappedKeyRow } from '@consentry/core';
import type pg from 'pg';
import { isValidSchemaName, qualified } from './schema.js';

/*
 * Wrapped data keys (docs/personal-data.md) in a mutable table beside the events, shared by
 * every host on the database. An erased key's row is deleted and the table vacuumed, so the
 * dead tuple does not linger in the table's pages; PostgreSQL's write-ahead log and base
 * backups still hold it until they are recycled or expire (docs/personal-data.md says how
 * rotating the key-encryption key makes those copies useless).
 */

interface Row {
  readonly key_id: string;
  readonly subject: string;
  readonly scope: KeyScope;
  readonly kek_id: string;
  readonly wrapped: string;
}

const toRow = (r: Row): WrappedKeyRow => ({
  keyId: r.key_id,
  subject: r.subject,
  scope: r.scope,
  kekId: r.kek_id,
  wrapped: r.wrapped,
});

export interface PostgresKeyTableOptions {
  /** The schema of the event store's tables. Default `consentry`. */
  readonly schema?: string;
}

/** The key table in `schema` (created if missing) on `pool`. */
export const postgresKeyTable = (
  pool: pg.Pool,
  options: PostgresKeyTableOptions = {},
): KeyTable => {
  const schema = options.schema ?? 'consentry';
  if (!isValidSchemaName(schema)) throw new Error(`invalid schema name "${schema}"`);
  const keys = qualified(schema, 'data_keys');
  const erased = qualified(schema, 'erased_keys');
  let ready: Promise<void> | undefined;
  const prepared = (): Promise<void> =>
    (ready ??= pool
      .query(
        `CREATE SCHEMA IF NOT EXISTS "${schema}";
         CREATE TABLE IF NOT EXISTS ${keys} (
           key_id  text PRIMARY KEY,
           subject text NOT NULL,
           scope   text NOT NULL,
           kek_id  text NOT NULL,
           wrapped text NOT NULL
         );
         CREATE INDEX IF NOT EXISTS data_keys_subject ON ${keys} (subject);
         CREATE TABLE IF NOT EXISTS ${erased} (key_id text PRIMARY KEY);`,
      )
      .then(
        () => undefined,
        (error: unknown) => {
          ready = undefined;
          throw error;
        },
      ));
  const query = async <R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> => {
    await prepared();
    return (await pool.query<R>(text, values)).rows;
  };

  return {
    insert: async (row) => {
      await query(
        `INSERT INTO ${keys} (key_id, subject, scope, kek_id, wrapped) VALUES ($1, $2, $3, $4, $5)`,
        [row.keyId, row.subject, row.scope, row.kekId, row.wrapped],
      );
    },
    get: async (keyId) => {
      const [row] = await query<Row>(`SELECT * FROM ${keys} WHERE key_id = $1`, [keyId]);
      if (row !== undefined) return toRow(row);
      const gone = await query(`SELECT 1 FROM ${erased} WHERE key_id = $1`, [keyId]);
      return gone.length > 0 ? 'erased' : undefined;
    },
    live: async (subject) =>
      (
        await query<Row>(
          `SELECT * FROM ${keys} WHERE subject = $1 OR left(subject, length($1) + 1) = $1 || '/'`,
          [subject],
        )
      ).map(toRow),
    erase: async (keyIds) => {
      if (keyIds.length === 0) return;
      await query(
        `WITH gone AS (DELETE FROM ${keys} WHERE key_id = ANY($1::text[]) RETURNING key_id)
         INSERT INTO ${erased} (key_id) SELECT key_id FROM gone ON CONFLICT DO NOTHING`,
        [keyIds],
      );
      // Outside any transaction (VACUUM cannot run in one): the dead tuples' space is reclaimed.
      await query(`VACUUM ${keys}`);
    },
    erasures: async () =>
      Number((await query<{ n: string }>(`SELECT count(*) AS n FROM ${erased}`))[0]?.n ?? 0),
    rows: async () => (await query<Row>(`SELECT * FROM ${keys}`)).map(toRow),
    rewrap: async (keyId, kekId, wrapped) => {
      await query(`UPDATE ${keys} SET kek_id = $2, wrapped = $3 WHERE key_id = $1`, [
        keyId,
        kekId,
        wrapped,
      ]);
    },
  };
};
