import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { Synchronous } from './promised.js';

/**
 * Staff accounts and API tokens, as an operator manages them with `consentry staff` and
 * `consentry tokens` (docs/reference-host.md). Secrets are stored as SHA-256 digests only.
 */

/** The staff roles an operator can give; each maps onto one of core's actor kinds. */
export const STAFF_ROLES = [
  'organisation-staff',
  'practice-staff',
  'privacy-officer',
  'auditor',
] as const;
export type StaffAccountRole = (typeof STAFF_ROLES)[number];

export interface StaffAccount {
  readonly username: string;
  readonly passwordHash: string;
  readonly role: StaffAccountRole;
  /** The organisation the account acts for (none for an auditor of the whole host). */
  readonly organisationId: string | null;
  readonly displayName: string;
}

export interface StaffAccountRecord extends Omit<StaffAccount, 'passwordHash'> {
  readonly createdAt: number | null;
  readonly disabledAt: number | null;
}

/** What a token may be used for: `api` acts as staff of its organisation; `metrics` reads /metrics. */
export const TOKEN_SCOPES = ['api', 'metrics'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  readonly organisationId: string;
  readonly label: string;
  /** The public id `consentry tokens list|revoke` names; never the secret. */
  readonly tokenId: string;
  readonly scopes: readonly TokenScope[];
}

export interface ApiTokenRecord extends ApiToken {
  readonly createdAt: number | null;
  readonly revokedAt: number | null;
}

export interface AccountTables {
  /** Adds or replaces an account's details; a disabled account stays disabled. */
  upsertAccount(account: StaffAccount): Promise<void>;
  /** Adds a new account; `exists` (and nothing written) when the user name is taken. */
  addAccount(account: StaffAccount, now: number): Promise<'added' | 'exists'>;
  /** An enabled account; a disabled or unknown one is `undefined`. */
  findAccount(username: string): Promise<StaffAccount | undefined>;
  listAccounts(): Promise<readonly StaffAccountRecord[]>;
  /** Disables the account and ends every session it has. */
  disableAccount(
    username: string,
    now: number,
  ): Promise<'disabled' | 'already-disabled' | 'unknown'>;
  /** Stores only a SHA-256 of the token; the token itself is shown once, when made. */
  addApiToken(
    token: string,
    value: {
      organisationId: string;
      label: string;
      tokenId?: string;
      scopes?: readonly TokenScope[];
    },
    now?: number,
  ): Promise<ApiToken>;
  /** A live token; a revoked or unknown one is `undefined`. */
  findApiToken(token: string): Promise<ApiToken | undefined>;
  listApiTokens(): Promise<readonly ApiTokenRecord[]>;
  revokeApiToken(tokenId: string, now: number): Promise<'revoked' | 'already-revoked' | 'unknown'>;
}

// A database leak must not hand out live sessions or tokens: secrets are stored hashed.
export const digest = (secret: string): string =>
  createHash('sha256').update(secret).digest('base64url');

export const newTokenId = (): string => `tok_${randomBytes(6).toString('hex')}`;

export const ACCOUNT_SCHEMA = `
CREATE TABLE IF NOT EXISTS staff_accounts (
  username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
  organisation_id TEXT, display_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_tokens (
  token_hash TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, label TEXT NOT NULL);
`;

/** Columns added after the first release: a host.sqlite made before them gains them on open. */
const ADDED_COLUMNS: readonly (readonly [table: string, column: string, type: string])[] = [
  ['staff_accounts', 'created_at', 'INTEGER'],
  ['staff_accounts', 'disabled_at', 'INTEGER'],
  ['api_tokens', 'token_id', 'TEXT'],
  ['api_tokens', 'scopes', "TEXT NOT NULL DEFAULT 'api'"],
  ['api_tokens', 'created_at', 'INTEGER'],
  ['api_tokens', 'revoked_at', 'INTEGER'],
];

const migrate = (db: Database.Database): void => {
  for (const [table, column, type] of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((c) => c.name === column))
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
  // Tokens made before ids existed get one, so they too can be listed and revoked.
  const unnamed = db.prepare(`SELECT token_hash FROM api_tokens WHERE token_id IS NULL`).all() as {
    token_hash: string;
  }[];
  const name = db.prepare(`UPDATE api_tokens SET token_id = ? WHERE token_hash = ?`);
  for (const row of unnamed) name.run(newTokenId(), row.token_hash);
  db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_by_id ON api_tokens (token_id)`);
};

const ACCOUNT_COLUMNS = `username, role, organisation_id AS organisationId, display_name AS displayName,
  created_at AS createdAt, disabled_at AS disabledAt`;
const TOKEN_COLUMNS = `token_id AS tokenId, organisation_id AS organisationId, label, scopes,
  created_at AS createdAt, revoked_at AS revokedAt`;

export const parseScopes = (text: string): TokenScope[] =>
  text.split(' ').filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));

const tokenOf = <R extends { scopes: string }>(
  row: R,
): Omit<R, 'scopes'> & { scopes: TokenScope[] } => ({
  ...row,
  scopes: parseScopes(row.scopes),
});

export const accountTables = (db: Database.Database): Synchronous<AccountTables> => {
  db.exec(ACCOUNT_SCHEMA);
  migrate(db);
  const s = {
    upsert: db.prepare(
      `INSERT INTO staff_accounts (username, password_hash, role, organisation_id, display_name, created_at)
       VALUES (@username, @passwordHash, @role, @organisationId, @displayName, @createdAt)
       ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
         organisation_id = excluded.organisation_id, display_name = excluded.display_name`,
    ),
    add: db.prepare(
      `INSERT INTO staff_accounts (username, password_hash, role, organisation_id, display_name, created_at)
       VALUES (@username, @passwordHash, @role, @organisationId, @displayName, @createdAt)
       ON CONFLICT (username) DO NOTHING`,
    ),
    find: db.prepare(
      `SELECT username, password_hash AS passwordHash, role, organisation_id AS organisationId,
              display_name AS displayName FROM staff_accounts WHERE username = ? AND disabled_at IS NULL`,
    ),
    list: db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY username`),
    one: db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE username = ?`),
    disable: db.prepare(`UPDATE staff_accounts SET disabled_at = ? WHERE username = ?`),
    endSessions: db.prepare(
      `DELETE FROM sessions WHERE json_extract(data, '$.principal.accountId') = ?`,
    ),
    addToken: db.prepare(
      `INSERT INTO api_tokens (token_hash, organisation_id, label, token_id, scopes, created_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (token_hash) DO UPDATE SET organisation_id = excluded.organisation_id,
         label = excluded.label, scopes = excluded.scopes`,
    ),
    findToken: db.prepare(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`,
    ),
    listTokens: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, token_id`),
    oneToken: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_id = ?`),
    revokeToken: db.prepare(`UPDATE api_tokens SET revoked_at = ? WHERE token_id = ?`),
  };
  return {
    upsertAccount: (account) => void s.upsert.run({ ...account, createdAt: null }),
    addAccount: (account, now) =>
      s.add.run({ ...account, createdAt: now }).changes === 1 ? 'added' : 'exists',
    findAccount: (username) => s.find.get(username) as StaffAccount | undefined,
    listAccounts: () => s.list.all() as StaffAccountRecord[],
    disableAccount: (username, now) =>
      db.transaction(() => {
        const account = s.one.get(username) as StaffAccountRecord | undefined;
        if (account === undefined) return 'unknown' as const;
        s.endSessions.run(username);
        if (account.disabledAt !== null) return 'already-disabled' as const;
        s.disable.run(now, username);
        return 'disabled' as const;
      })(),
    addApiToken: (token, value, now) => {
      const stored: ApiToken = {
        organisationId: value.organisationId,
        label: value.label,
        tokenId: value.tokenId ?? newTokenId(),
        scopes: value.scopes ?? ['api'],
      };
      s.addToken.run(
        digest(token),
        stored.organisationId,
        stored.label,
        stored.tokenId,
        stored.scopes.join(' '),
        now ?? null,
      );
      return stored;
    },
    findApiToken: (token) => {
      const row = s.findToken.get(digest(token)) as
        (ApiTokenRecord & { scopes: string }) | undefined;
      if (row === undefined) return undefined;
      const { tokenId, organisationId, label, scopes } = tokenOf(row);
      return { tokenId, organisationId, label, scopes };
    },
    listApiTokens: () =>
      (s.listTokens.all() as (ApiTokenRecord & { scopes: string })[]).map(tokenOf),
    revokeApiToken: (tokenId, now) => {
      const row = s.oneToken.get(tokenId) as ApiTokenRecord | undefined;
      if (row === undefined) return 'unknown';
      if (row.revokedAt !== null) return 'already-revoked';
      s.revokeToken.run(now, tokenId);
      return 'revoked';
    },
  };
};
