import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { SessionData, StaffRole } from '../security/principal.js';
import type { RecordEntry } from './records.js';

/**
 * The host's own tables — staff accounts, sessions, API tokens — kept apart from the
 * event log: they are operational data of this web host, not consent history.
 */
export interface StaffAccount {
  readonly username: string;
  readonly passwordHash: string;
  readonly role: StaffRole;
  /** The organisation the account acts for (none for a privacy officer). */
  readonly organisationId: string | null;
  readonly displayName: string;
}

export interface ApiToken {
  readonly organisationId: string;
  readonly label: string;
}

export interface StoredSession {
  readonly data: SessionData;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface HostDb {
  upsertAccount(account: StaffAccount): void;
  findAccount(username: string): StaffAccount | undefined;
  /** Stores only a SHA-256 of the token; the token itself is shown once, when made. */
  addApiToken(token: string, value: ApiToken): void;
  findApiToken(token: string): ApiToken | undefined;
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

// A database leak must not hand out live sessions or tokens: keys are stored hashed.
const digest = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS staff_accounts (
  username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
  organisation_id TEXT, display_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_tokens (
  token_hash TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, label TEXT NOT NULL);
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
    upsertAccount: db.prepare(
      `INSERT INTO staff_accounts (username, password_hash, role, organisation_id, display_name)
       VALUES (@username, @passwordHash, @role, @organisationId, @displayName)
       ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
         organisation_id = excluded.organisation_id, display_name = excluded.display_name`,
    ),
    findAccount: db.prepare(
      `SELECT username, password_hash AS passwordHash, role, organisation_id AS organisationId,
              display_name AS displayName FROM staff_accounts WHERE username = ?`,
    ),
    addToken: db.prepare(
      `INSERT OR REPLACE INTO api_tokens (token_hash, organisation_id, label) VALUES (?, ?, ?)`,
    ),
    findToken: db.prepare(
      `SELECT organisation_id AS organisationId, label FROM api_tokens WHERE token_hash = ?`,
    ),
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
  return {
    upsertAccount: (account) => void statements.upsertAccount.run(account),
    findAccount: (username) => statements.findAccount.get(username) as StaffAccount | undefined,
    addApiToken: (token, value) =>
      void statements.addToken.run(digest(token), value.organisationId, value.label),
    findApiToken: (token) => statements.findToken.get(digest(token)) as ApiToken | undefined,
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
