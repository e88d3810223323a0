import type pg from 'pg';
import type { SessionData } from './principal.js';
import {
  digest,
  newTokenId,
  parseScopes,
  type ApiToken,
  type ApiTokenRecord,
  type StaffAccount,
  type StaffAccountRecord,
} from './accountTables.js';
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

const TABLES = (q: (name: string) => string): string => `
CREATE TABLE IF NOT EXISTS ${q('host_sessions')} (
  id_hash text PRIMARY KEY, data jsonb NOT NULL, created_at bigint NOT NULL, last_seen_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS host_sessions_by_last_seen ON ${q('host_sessions')} (last_seen_at);
CREATE INDEX IF NOT EXISTS host_sessions_by_account
  ON ${q('host_sessions')} ((data -> 'principal' ->> 'accountId'));
CREATE TABLE IF NOT EXISTS ${q('host_staff_accounts')} (
  username text PRIMARY KEY, password_hash text NOT NULL, role text NOT NULL,
  organisation_id text, display_name text NOT NULL, created_at bigint, disabled_at bigint);
CREATE TABLE IF NOT EXISTS ${q('host_api_tokens')} (
  token_hash text PRIMARY KEY, token_id text NOT NULL UNIQUE, organisation_id text NOT NULL,
  label text NOT NULL, scopes text NOT NULL, created_at bigint, revoked_at bigint);
CREATE TABLE IF NOT EXISTS ${q('host_sign_in_failures')} (
  account text NOT NULL, device text NOT NULL, failed_at bigint[] NOT NULL, last_at bigint NOT NULL,
  PRIMARY KEY (account, device));
CREATE INDEX IF NOT EXISTS host_sign_in_failures_by_last ON ${q('host_sign_in_failures')} (last_at);
CREATE TABLE IF NOT EXISTS ${q('host_sign_in_codes_sent')} (
  patient_id text PRIMARY KEY, sent_at bigint[] NOT NULL, last_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS host_sign_in_codes_sent_by_last ON ${q('host_sign_in_codes_sent')} (last_at);
CREATE TABLE IF NOT EXISTS ${q('host_rate_limits')} (
  key text PRIMARY KEY, window_start bigint NOT NULL, hits integer NOT NULL);
CREATE INDEX IF NOT EXISTS host_rate_limits_by_start ON ${q('host_rate_limits')} (window_start);
CREATE TABLE IF NOT EXISTS ${q('host_record_entries')} (
  entry_id text PRIMARY KEY, patient_id text NOT NULL, organisation_id text NOT NULL,
  recorded_at text NOT NULL, text text NOT NULL, label text NOT NULL);
CREATE INDEX IF NOT EXISTS host_record_entries_by_patient ON ${q('host_record_entries')} (patient_id);
`;

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
    (ready ??= createTables(pool, schema, TABLES(q)).catch((error: unknown) => {
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

  let writes = 0;
  /** Now and then, expired rows go: what the SQLite tables prune on each write. */
  const sweep = async (now: number, keepMs: number): Promise<void> => {
    if (++writes % SWEEP_EVERY !== 0) return;
    await run(`DELETE FROM ${q('host_sign_in_failures')} WHERE last_at < $1`, [now - keepMs]);
    await run(`DELETE FROM ${q('host_sign_in_codes_sent')} WHERE last_at < $1`, [now - keepMs]);
    await run(`DELETE FROM ${q('host_rate_limits')} WHERE window_start < $1`, [
      now - RATE_LIMIT_KEEP_MS,
    ]);
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

  const accountColumns = `username, role, organisation_id AS "organisationId", display_name AS "displayName",
    created_at::float8 AS "createdAt", disabled_at::float8 AS "disabledAt"`;
  const tokenColumns = `token_id AS "tokenId", organisation_id AS "organisationId", label, scopes,
    created_at::float8 AS "createdAt", revoked_at::float8 AS "revokedAt"`;

  return {
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
      await sweep(now, windowMs);
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
      await sweep(now, RATE_LIMIT_KEEP_MS);
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
      await sweep(now, keepMs);
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

    upsertAccount: async (account) =>
      void (await run(
        `INSERT INTO ${q('host_staff_accounts')} (username, password_hash, role, organisation_id, display_name)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
           organisation_id = excluded.organisation_id, display_name = excluded.display_name`,
        [
          account.username,
          account.passwordHash,
          account.role,
          account.organisationId,
          account.displayName,
        ],
      )),
    addAccount: async (account, now) =>
      (await run(
        `INSERT INTO ${q('host_staff_accounts')}
           (username, password_hash, role, organisation_id, display_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
        [
          account.username,
          account.passwordHash,
          account.role,
          account.organisationId,
          account.displayName,
          now,
        ],
      )) === 1
        ? 'added'
        : 'exists',
    findAccount: async (username) => {
      const [row] = await rows<StaffAccount>(
        `SELECT username, password_hash AS "passwordHash", role, organisation_id AS "organisationId",
                display_name AS "displayName"
         FROM ${q('host_staff_accounts')} WHERE username = $1 AND disabled_at IS NULL`,
        [username],
      );
      return row;
    },
    listAccounts: () =>
      rows<StaffAccountRecord>(
        `SELECT ${accountColumns} FROM ${q('host_staff_accounts')} ORDER BY username COLLATE "C"`,
      ),
    disableAccount: async (username, now) => {
      // One statement: the account is disabled (if it was not) and its sessions end together.
      const [row] = await rows<{ found: boolean; disabled: boolean }>(
        `WITH account AS (
           SELECT disabled_at FROM ${q('host_staff_accounts')} WHERE username = $1 FOR UPDATE),
         ended AS (
           DELETE FROM ${q('host_sessions')}
           WHERE EXISTS (SELECT 1 FROM account) AND data -> 'principal' ->> 'accountId' = $1),
         disabled AS (
           UPDATE ${q('host_staff_accounts')} SET disabled_at = $2
           WHERE username = $1 AND disabled_at IS NULL RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM account) AS found, EXISTS (SELECT 1 FROM disabled) AS disabled`,
        [username, now],
      );
      if (row?.found !== true) return 'unknown';
      return row.disabled ? 'disabled' : 'already-disabled';
    },

    addApiToken: async (token, value, now) => {
      const stored: ApiToken = {
        organisationId: value.organisationId,
        label: value.label,
        tokenId: value.tokenId ?? newTokenId(),
        scopes: value.scopes ?? ['api'],
      };
      await run(
        `INSERT INTO ${q('host_api_tokens')} (token_hash, token_id, organisation_id, label, scopes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (token_hash) DO UPDATE SET organisation_id = excluded.organisation_id,
           label = excluded.label, scopes = excluded.scopes`,
        [
          digest(token),
          stored.tokenId,
          stored.organisationId,
          stored.label,
          stored.scopes.join(' '),
          now ?? null,
        ],
      );
      return stored;
    },
    findApiToken: async (token) => {
      const [row] = await rows<ApiTokenRecord & { scopes: string }>(
        `SELECT ${tokenColumns} FROM ${q('host_api_tokens')} WHERE token_hash = $1 AND revoked_at IS NULL`,
        [digest(token)],
      );
      if (row === undefined) return undefined;
      return {
        tokenId: row.tokenId,
        organisationId: row.organisationId,
        label: row.label,
        scopes: parseScopes(row.scopes),
      };
    },
    listApiTokens: async () =>
      (
        await rows<ApiTokenRecord & { scopes: string }>(
          `SELECT ${tokenColumns} FROM ${q('host_api_tokens')} ORDER BY created_at NULLS FIRST, token_id COLLATE "C"`,
        )
      ).map((row) => ({ ...row, scopes: parseScopes(row.scopes) })),
    revokeApiToken: async (tokenId, now) => {
      const [row] = await rows<{ found: boolean; revoked: boolean }>(
        `WITH token AS (SELECT revoked_at FROM ${q('host_api_tokens')} WHERE token_id = $1),
         revoked AS (
           UPDATE ${q('host_api_tokens')} SET revoked_at = $2
           WHERE token_id = $1 AND revoked_at IS NULL RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM token) AS found, EXISTS (SELECT 1 FROM revoked) AS revoked`,
        [tokenId, now],
      );
      if (row?.found !== true) return 'unknown';
      return row.revoked ? 'revoked' : 'already-revoked';
    },

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

/** Creates the schema and tables in one transaction under an advisory lock keyed by the schema. */
const createTables = async (pool: pg.Pool, schema: string, tables: string): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtext('consentry.host-tables'), hashtext($1))`,
      [schema],
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(tables);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    // A broken connection must not go back to the pool; a healthy one is rolled back first.
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: unknown) =>
        client.release(rollbackError instanceof Error ? rollbackError : true),
    );
    throw error;
  }
};
