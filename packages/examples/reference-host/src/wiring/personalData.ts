import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  kekRing,
  keyVault,
  localKek,
  personalDataStore,
  type EventStore,
  type KekRing,
  type KeyTable,
} from '@consentry/core';
import { sqliteKeyTable } from '@consentry/store-sqlite';
import { postgresKeyTable, postgresPool, schemaFromUrl } from '@consentry/store-postgres';
import type { HostConfig } from '../config/config.js';

/**
 * `CONSENTRY_KEK`: `id:base64key[,id:base64key...]`, the first wrapping new data keys, the
 * others still unwrapping keys not yet rotated (docs/personal-data.md).
 */
export const parseKek = (text: string): E.Either<string, KekRing> => {
  try {
    const keks = text.split(',').map((entry) => {
      const [id = '', secret = ''] = entry.trim().split(':');
      return localKek(id, Buffer.from(secret, 'base64'));
    });
    const [current, ...older] = keks;
    return current === undefined
      ? E.left('CONSENTRY_KEK is empty')
      : E.right(kekRing(current, ...older));
  } catch (error) {
    return E.left(`CONSENTRY_KEK: ${(error as Error).message}`);
  }
};

/**
 * Where the host keeps wrapped data keys: the SQLite store's own file, a table beside the
 * PostgreSQL events, or (EventStoreDB, which has no mutable table) a file in the data folder.
 */
export const keyTableFor = (
  config: HostConfig,
): { table: KeyTable; close: () => Promise<void> } => {
  switch (config.store.kind) {
    case 'sqlite': {
      const table = sqliteKeyTable(path.join(config.dataDir, 'consentry.sqlite'));
      return { table, close: () => Promise.resolve(table.close()) };
    }
    case 'postgres': {
      const { url, schema } = schemaFromUrl(config.store.url);
      const pool = postgresPool(url, { max: 2 });
      return { table: postgresKeyTable(pool, { schema }), close: () => pool.end() };
    }
    case 'eventstoredb': {
      const table = sqliteKeyTable(path.join(config.dataDir, 'keys.sqlite'));
      return { table, close: () => Promise.resolve(table.close()) };
    }
  }
};

export interface PersonalDataWiring {
  /** The store with personal fields sealed (when `CONSENTRY_KEK` is set), or as it is. */
  readonly seal: (store: EventStore) => EventStore;
  readonly close: () => Promise<void>;
}

/** How the host seals personal data: with `CONSENTRY_KEK`, in the store's key table; without, not at all. */
export const personalDataWiring = (config: HostConfig): E.Either<string, PersonalDataWiring> => {
  if (config.kek === undefined)
    return E.right({ seal: (store) => store, close: () => Promise.resolve() });
  const keks = parseKek(config.kek);
  if (E.isLeft(keks)) return keks;
  const { table, close } = keyTableFor(config);
  const vault = keyVault(table, keks.right);
  return E.right({ seal: (store) => personalDataStore(store, vault), close });
};

/**
 * An audit's store (`--store`: a SQLite file or a server URL) read through the key vault when
 * `CONSENTRY_KEK` is set, so replay, as-of, reports and exports see personal data opened, or
 * erased (docs/personal-data.md). Without it, sealed values are not readable.
 */
export const sealedAuditStore = (
  target: string,
  store: EventStore,
  kek: string | undefined,
  dataDir: string,
): E.Either<string, EventStore> => {
  if (kek === undefined || kek === '') return E.right(store);
  const keks = parseKek(kek);
  if (E.isLeft(keks)) return keks;
  const { table, close } = /^postgres(ql)?:\/\//.test(target)
    ? keyTableFor({ store: { kind: 'postgres', url: target }, dataDir } as HostConfig)
    : /^(esdb|kurrentdb)/.test(target)
      ? keyTableFor({ store: { kind: 'eventstoredb', url: target }, dataDir } as HostConfig)
      : (() => {
          const t = sqliteKeyTable(target);
          return { table: t, close: () => Promise.resolve(t.close()) };
        })();
  const sealed = personalDataStore(store, keyVault(table, keks.right));
  return E.right({ ...sealed, close: async () => (await sealed.close(), await close()) });
};
