import type pg from 'pg';
import type { SessionData } from './principal.js';
import { digest } from './accountTables.js';
import { postgresAccountTables } from './hostDbPostgresAccounts.js';
import { createHostTables, HOST_TABLES } from './hostDbPostgresSchema.js';
import type { HostDb, RateLimitHit, StoredSession } from './hostDb.js';
import type { RecordEntry } from './records.js';

/*
 * The host's own tables in the event store's PostgreSQL database, beside the events in the
 * store's schema, each named `host_…`: every host on the database sees the same sessions,
 * tokens, accounts and counters (docs/scaling.md). Counting is atomic across hosts: each
 * count is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` on one row per thing counted,
 * which PostgreSQL runs under that row's lock, so two hosts counting at once get n+1 and n+2,
 * never n+1 twice.
 */

/** Counters and expired rows are swept once in this many writes (per process), not on every one. */
const SWEEP_EVERY = 200;
/** Longer than any window the host counts in (the sign-in throttle's is a day). */
const RATE_LIMIT_KEEP_MS = 2 * 86_400_000;

export interface PostgresHostDbOptions {
  /** The event store's schema (`?schema=` of CONSENTRY_STORE); default `consentry`. */
  readonly schema?: string;
  /** Ends the pool on close (when the host db owns it). Default false: the store's pool is shared. */
  readonly endPool?: boolean;
}

/**
 * The host tables on `pool`, created on first use if missing: in one transaction holding an
 * advisory lock keyed by the schema, so hosts starting together do not race to create them.
 */
export const openPostgresHostDb = (pool: pg.Pool, options: PostgresHostDbOptions = {}): HostDb => {
  const schema = options.schema ?? 'consentry';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`schema "${schema}" is not a plain lower-case name`);
  const q = (name: string): string => `"${schema}"."${name}"`;

  let ready: Promise<void> | undefined;
  const prepared = (): Promise<void> =>
    (ready ??= createHostTables(pool, schema, HOST_TABLES(q)).catch((error: unknown) => {
      ready = undefined; // a failure is reported, and tried again on the next call
      throw error;
    }));
  const rows = async <R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> => {
    await prepared();
    return (await pool.query<R>(text, values)).rows;
  };
  const run = async (text: string, values: unknown[] = []): Promise<number> => {
    await prepared();
    return (await pool.query(text, values)).rowCount ?? 0;
  };

  const writes = new Map<string, number>();
  /** Now and then, expired rows go: what the SQLite tables prune on each write. */
  const sweep = async (table: string, column: string, cutoff: number): Promise<void> => {
    const count = (writes.get(table) ?? 0) + 1;
    writes.set(table, count % SWEEP_EVERY);
    if (count % SWEEP_EVERY !== 0) return;
    // Each table with its own callers' window: a row whose newest time is older is all stale.
    await run(`DELETE FROM ${q(table)} WHERE ${column} < $1`, [cutoff]);
  };

  /**
   * Appends `now` to the row's list of times (those before `cutoff` dropped) and returns how
   * many remain: one statement, under the row's lock.
   */
  const countIn = async (
    table: string,
    keyColumns: readonly string[],
    listColumn: string,
    key: readonly string[],
    now: number,
    cutoff: number,
  ): Promise<number> => {
    const n = key.length;
    const [row] = await rows<{ count: number }>(
      `INSERT INTO ${q(table)} AS t (${keyColumns.join(', ')}, ${listColumn}, last_at)
       VALUES (${key.map((_, i) => `$${i + 1}`).join(', ')}, ARRAY[$${n + 1}::bigint], $${n + 1})
       ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET
         ${listColumn} = ARRAY(SELECT x FROM unnest(t.${listColumn}) AS x WHERE x >= $${n + 2}) || $${n + 1}::bigint,
         last_at = GREATEST(t.last_at, $${n + 1})
       RETURNING cardinality(${listColumn}) AS count`,
      [...key, now, cutoff],
    );
    return Number(row?.count ?? 0);
  };

  return {
    ...postgresAccountTables({ rows, run, q }),
    saveSession: async (id, session) =>
      void (await run(
        `INSERT INTO ${q('host_sessions')} (id_hash, data, created_at, last_seen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, created_at = excluded.created_at,
           last_seen_at = excluded.last_seen_at`,
        [digest(id), JSON.stringify(session.data), session.createdAt, session.lastSeenAt],
      )),
    loadSession: async (id) => {
      const [row] = await rows<{ data: SessionData; createdAt: number; lastSeenAt: number }>(
        `SELECT data, created_at::float8 AS "createdAt", last_seen_at::float8 AS "lastSeenAt"
         FROM ${q('host_sessions')} WHERE id_hash = $1`,
        [digest(id)],
      );
      return row === undefined
        ? undefined
        : ({
            data: row.data,
            createdAt: row.createdAt,
            lastSeenAt: row.lastSeenAt,
          } satisfies StoredSession);
    },
    deleteSession: async (id) =>
      void (await run(`DELETE FROM ${q('host_sessions')} WHERE id_hash = $1`, [digest(id)])),
    pruneSessions: async (cutoff) =>
      void (await run(`DELETE FROM ${q('host_sessions')} WHERE last_seen_at < $1`, [cutoff])),

    recordSignInCodeSent: async (patientId, now, windowMs) => {
      await sweep('host_sign_in_codes_sent', 'last_at', now - windowMs);
      return countIn(
        'host_sign_in_codes_sent',
        ['patient_id'],
        'sent_at',
        [patientId],
        now,
        now - windowMs,
      );
    },
    hitRateLimit: async (key, now, windowMs) => {
      await sweep('host_rate_limits', 'window_start', now - RATE_LIMIT_KEEP_MS);
      const [row] = await rows<{ count: number; resetAt: number }>(
        `INSERT INTO ${q('host_rate_limits')} AS t (key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN t.window_start + $3 <= $2 THEN 1 ELSE t.hits + 1 END,
           window_start = CASE WHEN t.window_start + $3 <= $2 THEN $2 ELSE t.window_start END
         RETURNING hits AS count, (window_start + $3)::float8 AS "resetAt"`,
        [key, now, windowMs],
      );
      return { count: Number(row?.count), resetAt: Number(row?.resetAt) } satisfies RateLimitHit;
    },

    recordSignInFailure: async (account, device, now, keepMs) => {
      await sweep('host_sign_in_failures', 'last_at', now - keepMs);
      return countIn(
        'host_sign_in_failures',
        ['account', 'device'],
        'failed_at',
        [account, device],
        now,
        now - keepMs,
      );
    },
    signInFailures: async (account, device, since) => {
      const [row] = await rows<{ count: number; last: number }>(
        `SELECT count(x)::int AS count, COALESCE(max(x), 0)::float8 AS last
         FROM ${q('host_sign_in_failures')}, unnest(failed_at) AS x
         WHERE account = $1 AND device = $2 AND x >= $3`,
        [account, device, since],
      );
      return { count: row?.count ?? 0, last: row?.last ?? 0 };
    },
    clearSignInFailures: async (account, device) =>
      void (await run(
        `DELETE FROM ${q('host_sign_in_failures')} WHERE account = $1 AND device = $2`,
        [account, device],
      )),

    addRecordEntry: async (entry) =>
      void (await run(
        `INSERT INTO ${q('host_record_entries')}
           (entry_id, patient_id, organisation_id, recorded_at, text, label)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (entry_id) DO UPDATE SET patient_id = excluded.patient_id,
           organisation_id = excluded.organisation_id, recorded_at = excluded.recorded_at,
           text = excluded.text, label = excluded.label`,
        [
          entry.entryId,
          entry.patientId,
          entry.organisationId,
          entry.recordedAt,
          entry.text,
          entry.label,
        ],
      )),
    recordEntriesOf: (patientId) =>
      rows<RecordEntry>(
        `SELECT entry_id AS "entryId", patient_id AS "patientId", organisation_id AS "organisationId",
                recorded_at AS "recordedAt", text, label
         FROM ${q('host_record_entries')} WHERE patient_id = $1 ORDER BY recorded_at COLLATE "C" DESC`,
        [patientId],
      ),
    close: async () => {
      if (options.endPool === true) await pool.end();
    },
  };
};
