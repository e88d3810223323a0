import {
  digest,
  newTokenId,
  parseScopes,
  type AccountTables,
  type ApiToken,
  type ApiTokenRecord,
  type StaffAccount,
  type StaffAccountRecord,
} from './accountTables.js';

/** Queries on the host's pool, once its tables exist: rows read, or rows changed. */
export interface HostSql {
  readonly rows: <R extends object>(text: string, values?: unknown[]) => Promise<R[]>;
  readonly run: (text: string, values?: unknown[]) => Promise<number>;
  /** A host table's name, qualified by the schema. */
  readonly q: (name: string) => string;
}

/** Staff accounts and API tokens in `host_staff_accounts` and `host_api_tokens` (hostDbPostgres.ts). */
export const postgresAccountTables = ({ rows, run, q }: HostSql): AccountTables => {
  const accountColumns = `username, role, organisation_id AS "organisationId", display_name AS "displayName",
    created_at::float8 AS "createdAt", disabled_at::float8 AS "disabledAt"`;
  const tokenColumns = `token_id AS "tokenId", organisation_id AS "organisationId", label, scopes,
    created_at::float8 AS "createdAt", revoked_at::float8 AS "revokedAt"`;

  return {
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
  };
};
