import type pg from 'pg';
import { withLockedTransaction } from '@consentry/store-postgres';

/** The host tables, in the store's schema (`q` names a table in it). */
export const HOST_TABLES = (q: (name: string) => string): string => `
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

/**
 * Creates the schema and tables, if missing, in one transaction under an advisory lock keyed by
 * the schema: hosts starting together do not race to create them.
 */
export const createHostTables = async (
  pool: pg.Pool,
  schema: string,
  tables: string,
): Promise<void> => {
  await withLockedTransaction(pool, 'consentry.host-tables', schema, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(tables);
  });
};
