import type Database from 'better-sqlite3';
import type { Synchronous } from './promised.js';

/** Failed sign-in attempts, by account tag (a keyed hash, never a user name or NHS number) and device. */
export interface SignInFailures {
  /**
   * Records one failure and forgets those older than `keepMs`; returns how many are kept for
   * this account and device, this one included. Atomic: concurrent calls (from any host)
   * return distinct counts.
   */
  recordSignInFailure(
    account: string,
    device: string,
    now: number,
    keepMs: number,
  ): Promise<number>;
  /** How many failures since `since`, and when the last one was (epoch ms; 0 if none). */
  signInFailures(
    account: string,
    device: string,
    since: number,
  ): Promise<{ count: number; last: number }>;
  clearSignInFailures(account: string, device: string): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sign_in_failures (account TEXT NOT NULL, device TEXT NOT NULL, failed_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_account ON sign_in_failures (account, device, failed_at);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_time ON sign_in_failures (failed_at);
`;

export const signInFailureTable = (db: Database.Database): Synchronous<SignInFailures> => {
  db.exec(SCHEMA);
  const s = {
    prune: db.prepare(`DELETE FROM sign_in_failures WHERE failed_at < ?`),
    add: db.prepare(`INSERT INTO sign_in_failures (account, device, failed_at) VALUES (?, ?, ?)`),
    count: db.prepare(
      `SELECT COUNT(*) AS count, COALESCE(MAX(failed_at), 0) AS last FROM sign_in_failures
       WHERE account = ? AND device = ? AND failed_at >= ?`,
    ),
    clear: db.prepare(`DELETE FROM sign_in_failures WHERE account = ? AND device = ?`),
  };
  const count = (account: string, device: string, since: number) =>
    s.count.get(account, device, since) as { count: number; last: number };
  return {
    recordSignInFailure: (account, device, now, keepMs) =>
      db.transaction(() => {
        s.prune.run(now - keepMs);
        s.add.run(account, device, now);
        return count(account, device, now - keepMs).count;
      })(),
    signInFailures: count,
    clearSignInFailures: (account, device) => void s.clear.run(account, device),
  };
};
