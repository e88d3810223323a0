import Database from 'better-sqlite3';
import type { SessionData } from './principal.js';
import { accountTables, digest, type AccountTables } from './accountTables.js';
import { signInFailureTable, type SignInFailures } from './signInFailures.js';
import type { RecordEntry } from './records.js';

export type {
  ApiToken,
  ApiTokenRecord,
  StaffAccount,
  StaffAccountRecord,
  StaffAccountRole,
  TokenScope,
} from './accountTables.js';

/**
 * The host's own tables — staff accounts, sessions, API tokens — kept apart from the
 * event log: they are operational data of this web host, not consent history.
 */
export interface StoredSession {
  readonly data: SessionData;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface HostDb extends AccountTables, SignInFailures {
  saveSession(id: string, session: StoredSession): void;
  loadSession(id: string): StoredSession | undefined;
  deleteSession(id: string): void;
  /** Drops sessions last seen before `cutoff` (epoch ms). */
  pruneSessions(cutoff: number): void;
  /** Counts and records one sign-in code sent to a patient; returns how many in the window, this one included. */
  recordSignInCodeSent(patientId: string, now: number, windowMs: number): number;
  addRecordEntry(entry: RecordEntry): void;
  /** Newest first. */
  recordEntriesOf(patientId: string): readonly RecordEntry[];
  close(): void;
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
`;

/** Opens (or creates) the host tables in a SQLite file; `:memory:` for tests. */
export const openHostDb = (filename: string): HostDb => {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
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
  };
  const accounts = accountTables(db);
  const failures = signInFailureTable(db);
  return {
    ...accounts,
    ...failures,
    saveSession: (id, s) =>
      void statements.saveSession.run(
        digest(id),
        JSON.stringify(s.data),
        s.createdAt,
        s.lastSeenAt,
      ),
    loadSession: (id) => {
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
    deleteSession: (id) => void statements.deleteSession.run(digest(id)),
    pruneSessions: (cutoff) => void statements.pruneSessions.run(cutoff),
    recordSignInCodeSent: (patientId, now, windowMs) =>
      db.transaction(() => {
        statements.pruneSent.run(now - windowMs);
        statements.addSent.run(patientId, now);
        return (statements.countSent.get(patientId, now - windowMs) as { n: number }).n;
      })(),
    addRecordEntry: (entry) => void statements.addEntry.run(entry),
    recordEntriesOf: (patientId) => statements.entriesOf.all(patientId) as RecordEntry[],
    close: () => db.close(),
  };
};
