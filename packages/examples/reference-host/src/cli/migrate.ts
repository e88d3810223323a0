import fs from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import type { Command } from 'commander';
import pg from 'pg';
import {
  compareCopy,
  copyIntoSealedStore,
  keyVault,
  personalDataStore,
  rotateKek,
  verifyStore,
  type EventStore,
  type KekRing,
  type KeyTable,
  type Keyring,
} from '@consentry/core';
import { openSqliteEventStore, sqliteKeyTable } from '@consentry/store-sqlite';
import { postgresEventStore, postgresKeyTable } from '@consentry/store-postgres';
import { openStoreTarget } from '../audit/store.js';
import { developmentKeyring, parseKeyring } from '../host/keyring.js';
import { keyTableFor, parseKek } from '../wiring/personalData.js';
import type { HostConfig } from '../config/config.js';
import { configOrExit } from './runtime.js';

interface Target {
  readonly store: EventStore;
  readonly keys: KeyTable;
  readonly close: () => Promise<void>;
}

/** A new SQLite file (it must not exist) or an empty PostgreSQL schema (`?schema=`). */
const openTarget = (to: string): E.Either<string, Target> => {
  if (/^postgres(ql)?:\/\//.test(to)) {
    const url = new URL(to);
    const schema = url.searchParams.get('schema') ?? 'consentry';
    url.searchParams.delete('schema');
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    const store = postgresEventStore(pool, { schema });
    return E.right({
      store,
      keys: postgresKeyTable(pool, { schema }),
      close: async () => (await store.close(), await pool.end()),
    });
  }
  if (fs.existsSync(to)) return E.left(`${to} exists: the copy goes into a new file`);
  const store = openSqliteEventStore(to);
  if (E.isLeft(store)) return E.left(`cannot create ${to}: ${store.left.message}`);
  const keys = sqliteKeyTable(to);
  return E.right({
    store: store.right,
    keys,
    close: async () => (keys.close(), await store.right.close()),
  });
};

/**
 * `consentry migrate encrypt`: copies a plain store into a new one with personal data sealed
 * under CONSENTRY_KEK (docs/personal-data.md), then checks the copy: every hash chain of it
 * verifies and every event reads back as in the source. The source is not changed.
 */
export const migrateEncrypt = async (
  options: {
    readonly from: string;
    readonly to: string;
    readonly keks: KekRing;
    readonly keyring: Keyring;
  },
  out: (line: string) => void,
): Promise<E.Either<string, void>> => {
  const source = openStoreTarget(options.from);
  if (E.isLeft(source)) return source;
  const target = openTarget(options.to);
  if (E.isLeft(target)) {
    await source.right.store.close();
    return target;
  }
  try {
    const existing = await target.right.store.readAll({ batchSize: 1 })();
    if (E.isLeft(existing)) return E.left(existing.left.message);
    if (existing.right.events.length > 0) return E.left(`${options.to} is not empty`);
    const sealed = personalDataStore(target.right.store, keyVault(target.right.keys, options.keks));
    const copied = await copyIntoSealedStore(source.right.store, sealed, options.keyring.current());
    if (E.isLeft(copied)) return copied;
    out(
      `copied ${copied.right.copied} events (${copied.right.reservations} NHS-number reservations written again, ${copied.right.skipped} events of checkpoints and old reservations left behind)`,
    );
    const verified = await verifyStore(target.right.store, { publicKeys: new Map() })();
    if (E.isLeft(verified)) return E.left(verified.left.message);
    if (!verified.right.clean)
      return E.left(`the copy does not verify: ${verified.right.findings.length} findings`);
    const compared = await compareCopy(source.right.store, sealed);
    if (E.isLeft(compared)) return compared;
    out(
      `verified: ${verified.right.streams} hash chains intact, ${compared.right} events read back as in the source; sign a checkpoint of the copy and switch CONSENTRY_STORE to it`,
    );
    return E.right(undefined);
  } finally {
    await target.right.close();
    await source.right.store.close();
  }
};

/**
 * `consentry migrate rotate-kek`: rewraps every live data key of the configured store under the
 * first key of CONSENTRY_KEK (the others must include the ones the keys are wrapped by now).
 * Events are not touched. Afterwards the old key-encryption key can be dropped from
 * CONSENTRY_KEK on every host, then destroyed (docs/personal-data.md).
 */
export const rotateStoreKek = async (
  config: HostConfig,
  out: (line: string) => void,
): Promise<E.Either<string, number>> => {
  if (config.kek === undefined) return E.left('CONSENTRY_KEK must be set');
  const keks = parseKek(config.kek);
  if (E.isLeft(keks)) return keks;
  const { table, close } = keyTableFor(config);
  try {
    const moved = await rotateKek(table, keks.right);
    out(`rewrapped ${moved} data keys under ${keks.right.current.id}; no event was changed`);
    return E.right(moved);
  } catch (error) {
    return E.left((error as Error).message);
  } finally {
    await close();
  }
};

export const register = (program: Command): void => {
  const migrate = program.command('migrate').description('Move a store to a new form');
  migrate
    .command('rotate-kek')
    .description(
      'Rewrap every data key under the first key of CONSENTRY_KEK (events are not touched)',
    )
    .action(async () => {
      const done = await rotateStoreKek(
        configOrExit(),
        (line) => void process.stdout.write(`${line}\n`),
      );
      if (E.isLeft(done)) {
        process.stderr.write(`consentry migrate rotate-kek: ${done.left}\n`);
        process.exitCode = 2;
      }
    });
  migrate
    .command('encrypt')
    .description(
      'Copy a plain store into a new one with personal data sealed under CONSENTRY_KEK, and verify the copy',
    )
    .requiredOption(
      '--from <store>',
      'the plain store: a SQLite file, a postgres:// or esdb:// URL',
    )
    .requiredOption(
      '--to <store>',
      'a new SQLite file, or a postgres:// URL with an empty ?schema=',
    )
    .action(async (o: { from: string; to: string }) => {
      const config = configOrExit();
      const fail = (message: string): void => {
        process.stderr.write(`consentry migrate encrypt: ${message}\n`);
        process.exitCode = 2;
      };
      if (config.kek === undefined) return fail('CONSENTRY_KEK must be set');
      const keks = parseKek(config.kek);
      if (E.isLeft(keks)) return fail(keks.left);
      const keyring =
        config.keyring === undefined
          ? developmentKeyring(config.dataDir, (m) => process.stderr.write(`${m}\n`))
          : parseKeyring(config.keyring);
      if (E.isLeft(keyring)) return fail(keyring.left);
      const done = await migrateEncrypt(
        { from: o.from, to: o.to, keks: keks.right, keyring: keyring.right },
        (line) => void process.stdout.write(`${line}\n`),
      );
      if (E.isLeft(done)) fail(done.left);
    });
};
