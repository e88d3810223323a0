import type pg from 'pg';
import type { Row, Tables } from './tamper.js';

const COLUMNS: Record<keyof Row, string> = {
  globalPosition: 'global_position',
  streamName: 'stream_name',
  streamPosition: 'stream_position',
  type: 'type',
  data: 'data',
  metadata: 'metadata',
  hash: 'hash',
};

const toSql = (key: keyof Row, value: unknown): unknown =>
  key === 'data' || key === 'metadata'
    ? JSON.stringify(value)
    : typeof value === 'bigint'
      ? value.toString()
      : value;

/** The PostgreSQL store's own tables in `schema`, changed with plain SQL. */
export const postgresTables = (pool: pg.Pool, schema: string): Tables => {
  const events = `"${schema}".events`;
  return {
    rows: async (streamName) => {
      const result = await pool.query<Record<string, string>>(
        `SELECT global_position::text, stream_name, stream_position::text, type, data::text, metadata::text, hash FROM ${events} WHERE stream_name = $1`,
        [streamName],
      );
      return result.rows
        .map((r) => ({
          globalPosition: BigInt(r['global_position']!),
          streamName: r['stream_name']!,
          streamPosition: BigInt(r['stream_position']!),
          type: r['type']!,
          data: JSON.parse(r['data']!) as unknown,
          metadata: JSON.parse(r['metadata']!) as Row['metadata'],
          hash: r['hash']!,
        }))
        .sort((a, b) => (a.streamPosition < b.streamPosition ? -1 : 1)); // positions came back as text
    },
    update: async (globalPosition, change) => {
      const keys = Object.keys(change) as (keyof Row)[];
      await pool.query(
        `UPDATE ${events} SET ${keys.map((k, i) => `${COLUMNS[k]} = $${i + 1}`).join(', ')} WHERE global_position = $${keys.length + 1}`,
        [...keys.map((k) => toSql(k, change[k])), globalPosition.toString()],
      );
    },
    remove: async (globalPosition) =>
      void (await pool.query(`DELETE FROM ${events} WHERE global_position = $1`, [
        globalPosition.toString(),
      ])),
    insert: async (row) => {
      const keys = Object.keys(COLUMNS) as (keyof Row)[];
      await pool.query(
        `INSERT INTO ${events} (${keys.map((k) => COLUMNS[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
        keys.map((k) => toSql(k, row[k])),
      );
    },
    // Positions are (transaction id << 16) + index. Between two appends there is room; within
    // one append, the rest of it moves up by one (through negatives, so no two rows collide).
    freePositionBetween: async (a, b) => {
      if (b - a > 1n) return a + (b - a) / 2n;
      const appendEnd = ((b >> 16n) + 1n) << 16n;
      await pool.query(
        `UPDATE ${events} SET global_position = -(global_position + 1) WHERE global_position >= $1 AND global_position < $2`,
        [b.toString(), appendEnd.toString()],
      );
      await pool.query(
        `UPDATE ${events} SET global_position = -global_position WHERE global_position < 0`,
      );
      return b;
    },
    setHead: async (streamName, version, hash) =>
      void (await pool.query(
        `UPDATE "${schema}".streams SET version = $1, last_hash = $2 WHERE stream_name = $3`,
        [version.toString(), hash, streamName],
      )),
  };
};
