import Database from 'better-sqlite3';
import type { SessionData } from './principal.js';
import { accountTables, digest, type AccountTables } from './accountTables.js';
import { signInFailureTable, type SignInFailures } from './signInFailures.js';
import type { RecordEntry } from './records.js';
import { promised } from './promised.js';

export type {
  ApiToken,
  ApiTokenRecord,
  StaffAccount,
  StaffAccountRecord,
  StaffAccountRole,
  TokenScope,
} from './accountTables.js';

/**
 * The host's own tables — staff accounts, sessions, API tokens, sign-in counters, record
 * entries — kept apart from the event log: they are operational data of this web host, not
 * consent history. With a PostgreSQL store they live in the store's database
 * (hostDbPostgres.ts), so every host sees the same; otherwise in `host.sqlite` beside the
 * store (docs/scaling.md).
 */
export interface StoredSession {
  readonly data: SessionData;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface HostDb extends AccountTables, SignInFailures {
  saveSession(id: string, session: StoredSession): Promise<void>;
  loadSession(id: string): Promise<StoredSession | undefined>;
  deleteSession(id: string): Promise<void>;
  /** Drops sessions last seen before `cutoff` (epoch ms). */
  pruneSessions(cutoff: number): Promise<void>;
  /**
   * Counts and records one sign-in code sent to a patient; returns how many in the window, this
   * one included. Atomic: concurrent calls (from any host) return distinct counts.
   */
  recordSignInCodeSent(patientId: string, now: number, windowMs: number): Promise<number>;
  /**
   * Counts one request against a fixed-window limit named `key` (the rate limiter's store):
   * how many in the current window, this one included, and when the window ends (epoch ms).
   */
  hitRateLimit(key: string, now: number, windowMs: number): Promise<RateLimitHit>;
  addRecordEntry(entry: RecordEntry): Promise<void>;
  /** Newest first. */
  recordEntriesOf(patientId: string): Promise<readonly RecordEntry[]>;
  close(): Promise<void>;
}

export interface RateLimitHit {
  readonly count: number;
  readonly resetAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, data TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_last_seen ON sessions (last_seen_at);
CREATE TABLE IF NOT EXISTS sign_in_codes_sent (patient_id TEXT NOT NULL, sent_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS record_entries (
  entry_id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, organisation_id TEXT NOT NULL,
  recorded_at TEXT NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sign_in_codes_sent_by_patient ON sign_in_codes_sent (patient_id, sent_at);
CREATE TABLE IF NOT EXISTS rate_limits (
  key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, hits INTEGER NOT NULL);
`;

/** Opens (or creates) the host tables in a SQLite file; `:memory:` for tests. */
export const openHostDb = (filename: string): HostDb => {
  const db = openSqliteDatabase(filename);
  return promised<HostDb>(sqliteHostDb(db));
};

const openSqliteDatabase = (filename: string): Database.Database => {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  return db;
};

const sqliteHostDb = (db: Database.Database) => {
  const statements = {
    saveSession: db.prepare(
      `INSERT OR REPLACE INTO sessions (id_hash, data, created_at, last_seen_at) VALUES (?, ?, ?, ?)`,
    ),
    loadSession: db.prepare(
      `SELECT data, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?`,
    ),
    deleteSession: db.prepare(`DELETE FROM sessions WHERE id_hash = ?`),
    pruneSessions: db.prepare(`DELETE FROM sessions WHERE last_seen_at < ?`),
    addEntry: db.prepare(
      `INSERT OR REPLACE INTO record_entries (entry_id, patient_id, organisation_id, recorded_at, text, label)
       VALUES (@entryId, @patientId, @organisationId, @recordedAt, @text, @label)`,
    ),
    entriesOf: db.prepare(
      `SELECT entry_id AS entryId, patient_id AS patientId, organisation_id AS organisationId,
              recorded_at AS recordedAt, text, label FROM record_entries WHERE patient_id = ? ORDER BY recorded_at DESC`,
    ),
    pruneSent: db.prepare(`DELETE FROM sign_in_codes_sent WHERE sent_at < ?`),
    addSent: db.prepare(`INSERT INTO sign_in_codes_sent (patient_id, sent_at) VALUES (?, ?)`),
    countSent: db.prepare(
      `SELECT COUNT(*) AS n FROM sign_in_codes_sent WHERE patient_id = ? AND sent_at >= ?`,
    ),
    hit: db.prepare(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES (@key, @now, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN window_start + @windowMs <= @now THEN 1 ELSE hits + 1 END,
         window_start = CASE WHEN window_start + @windowMs <= @now THEN @now ELSE window_start END
       RETURNING hits AS count, window_start + @windowMs AS resetAt`,
    ),
    pruneHits: db.prepare(`DELETE FROM rate_limits WHERE window_start < ?`),
  };
  const accounts = accountTables(db);
  const failures = signInFailureTable(db);
  let hitsSincePrune = 0;
  return {
    ...accounts,
    ...failures,
    saveSession: (id: string, s: StoredSession) =>
      void statements.saveSession.run(
        digest(id),
        JSON.stringify(s.data),
        s.createdAt,
        s.lastSeenAt,
      ),
    loadSession: (id: string): StoredSession | undefined => {
      const row = statements.loadSession.get(digest(id)) as
        { data: string; createdAt: number; lastSeenAt: number } | undefined;
      return (
        row && {
          data: JSON.parse(row.data) as SessionData,
          createdAt: row.createdAt,
          lastSeenAt: row.lastSeenAt,
        }
      );
    },
    deleteSession: (id: string) => void statements.deleteSession.run(digest(id)),
    pruneSessions: (cutoff: number) => void statements.pruneSessions.run(cutoff),
    recordSignInCodeSent: (patientId: string, now: number, windowMs: number): number =>
      db.transaction(() => {
        statements.pruneSent.run(now - windowMs);
        statements.addSent.run(patientId, now);
        return (statements.countSent.get(patientId, now - windowMs) as { n: number }).n;
      })(),
    hitRateLimit: (key: string, now: number, windowMs: number): RateLimitHit => {
      // Now and then, forget the windows that ended long ago (a day is longer than any limit's).
      if (++hitsSincePrune >= 1000) {
        hitsSincePrune = 0;
        statements.pruneHits.run(now - 86_400_000);
      }
      return statements.hit.get({ key, now, windowMs }) as RateLimitHit;
    },
    addRecordEntry: (entry: RecordEntry) => void statements.addEntry.run(entry),
    recordEntriesOf: (patientId: string) => statements.entriesOf.all(patientId) as RecordEntry[],
    close: () => db.close(),
  };
};
