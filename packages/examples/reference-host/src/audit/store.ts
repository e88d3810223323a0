import * as E from 'fp-ts/lib/Either.js';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { EventStore } from '@consentry/core';
import { openSqliteEventStore } from '@consentry/store-sqlite';
import { postgresEventStore } from '@consentry/store-postgres';
import { eventStoreDbEventStoreFromConnectionString } from '@consentry/store-eventstoredb';
import type { StoreConfig } from '../config/config.js';

/** A store the audit commands read, and a name for it in messages (never a password). */
export interface AuditStore {
  readonly store: EventStore;
  readonly label: string;
}

const withoutPassword = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/**
 * `postgres://…` (an optional `?schema=` picks the schema, default `consentry`), `esdb://…`,
 * or the path of a SQLite store file, which must already exist: an audit never creates one.
 */
export const openStoreTarget = (target: string): E.Either<string, AuditStore> => {
  if (/^postgres(ql)?:\/\//.test(target)) {
    const url = new URL(target);
    const schema = url.searchParams.get('schema') ?? 'consentry';
    url.searchParams.delete('schema');
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      return E.left(`schema "${schema}" is not a plain lower-case name`);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    const store = postgresEventStore(pool, { schema });
    return E.right({
      label: withoutPassword(target),
      store: { ...store, close: async () => (await store.close(), await pool.end()) },
    });
  }
  if (/^(esdb|kurrentdb)(\+discover)?:\/\//.test(target)) {
    return E.bimap(
      (e: { message: string }) => `cannot connect to EventStoreDB: ${e.message}`,
      (store: EventStore) => ({ store, label: withoutPassword(target) }),
    )(eventStoreDbEventStoreFromConnectionString(target));
  }
  if (!fs.existsSync(target) || !fs.statSync(target).isFile())
    return E.left(`no store file at ${target}`);
  return E.bimap(
    (e: { message: string }) => `cannot open ${target} as a Consentry store: ${e.message}`,
    (store: EventStore) => ({ store, label: target }),
  )(openSqliteEventStore(target));
};

/** The configured store: the SQLite file in the data folder, or CONSENTRY_STORE's server. */
export const configuredTarget = (store: StoreConfig, dataDir: string): string =>
  store.kind === 'sqlite' ? path.join(dataDir, 'consentry.sqlite') : store.url;
