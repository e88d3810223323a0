import * as E from 'fp-ts/lib/Either.js';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  createConsentry,
  systemClock,
  type Consentry,
  type EventStore,
  type Keyring,
  type Notifier,
} from '@consentry/core';
import { capturingNotifier, type CapturingNotifier } from '@consentry/core/testing';
import { openSqliteEventStore } from '@consentry/store-sqlite';
import { postgresEventStore, postgresPool, schemaFromUrl } from '@consentry/store-postgres';
import { eventStoreDbEventStoreFromConnectionString } from '@consentry/store-eventstoredb';
import { smtpNotifier, smtpTransportFromUrl } from '@consentry/notify-smtp';
import { govukNotifier, notifyClient, oneTemplateForEveryKind } from '@consentry/notify-govuk';
import type { HostConfig } from '../config/config.js';
import { openHostDb, type HostDb } from '../host/hostDb.js';
import { openPostgresHostDb } from '../host/hostDbPostgres.js';
import { developmentKeyring, parseKeyring } from '../host/keyring.js';
import { recordsIn, type SharedRecords } from '../host/records.js';
import { hostMetrics, type HostMetrics } from '../metrics/registry.js';
import { instrumentedEventStore } from '../metrics/instrumentStore.js';
import { startDelivery } from './delivery.js';
import { personalDataWiring } from './personalData.js';
import type { SignInSettings } from '../config/signIn.js';
import { withReplica, type ReplicaReads } from '../host/replica.js';

/** Everything a running host holds open, and how to let go of it. */
export interface HostRuntime {
  readonly consentry: Consentry;
  readonly eventStore: EventStore;
  readonly hostDb: HostDb;
  readonly records: SharedRecords;
  readonly notifier: Notifier;
  readonly outbox: CapturingNotifier | null;
  readonly keyring: Keyring;
  readonly cookieSecret: string;
  /** Counts for /metrics; the facade's store is wrapped to time it. */
  readonly metrics: HostMetrics;
  /** How people sign in, passed on to the app. */
  readonly signIn?: SignInSettings;
  /** With CONSENTRY_STORE_REPLICA: checks and queries given a commit token read from the standby. */
  readonly replicaReads?: ReplicaReads;
  close(): Promise<void>;
}

/** A start-up failure worth a one-line message (never a stack trace). */
export interface StartupError {
  readonly _tag: 'StartupError';
  readonly variable: string;
  readonly message: string;
}
const startupError = (variable: string, message: string): StartupError => ({
  _tag: 'StartupError',
  variable,
  message,
});

/** The store, and for PostgreSQL its pool and schema, where the host tables live too. */
type OpenedStore = EventStore & {
  readonly replicaReads?: ReplicaReads;
  readonly postgres?: { readonly pool: ReturnType<typeof postgresPool>; readonly schema: string };
};

const openStore = (config: HostConfig): E.Either<StartupError, OpenedStore> => {
  switch (config.store.kind) {
    case 'sqlite':
      return E.mapLeft((e: { message: string }) =>
        startupError('CONSENTRY_STORE', `cannot open the SQLite store: ${e.message}`),
      )(openSqliteEventStore(path.join(config.dataDir, 'consentry.sqlite')));
    case 'postgres': {
      // Several servers and target_session_attrs=read-write are understood (failover);
      // `?schema=` picks the schema, as `consentry audit verify --store` reads it.
      const { url, schema } = schemaFromUrl(config.store.url);
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
        return E.left(
          startupError('CONSENTRY_STORE', `schema "${schema}" is not a plain lower-case name`),
        );
      let pool: ReturnType<typeof postgresPool>;
      try {
        pool = postgresPool(url, { max: 10 });
      } catch (error) {
        return E.left(
          startupError('CONSENTRY_STORE', `CONSENTRY_STORE: ${(error as Error).message}`),
        );
      }
      const opened = postgresEventStore(pool, { schema });
      const store = { ...opened, close: async () => (await opened.close(), await pool.end()) };
      const postgres = { pool, schema };
      if (config.replica === undefined) return E.right({ ...store, postgres });
      const replicated = withReplica({ store, pool }, schemaFromUrl(config.replica).url, schema);
      if (E.isLeft(replicated)) {
        void store.close();
        return E.left(startupError('CONSENTRY_STORE_REPLICA', replicated.left));
      }
      return E.right({
        ...replicated.right.store,
        replicaReads: replicated.right.reads,
        postgres,
      });
    }
    case 'eventstoredb':
      return E.mapLeft((e: { message: string }) =>
        startupError('CONSENTRY_STORE', `cannot connect to EventStoreDB: ${e.message}`),
      )(eventStoreDbEventStoreFromConnectionString(config.store.url));
  }
};

const openNotifier = (
  config: HostConfig,
): E.Either<StartupError, { notifier: Notifier; outbox: CapturingNotifier | null }> => {
  switch (config.notifier.kind) {
    case 'dev': {
      // The outbox shows every code: it exists only in development (see productionGuard).
      const outbox = capturingNotifier({ name: 'development outbox' });
      return E.right({ notifier: outbox, outbox });
    }
    case 'smtp': {
      const { from } = config.notifier;
      return E.bimap(
        (e: { message: string }) =>
          startupError('CONSENTRY_SMTP_URL', `CONSENTRY_SMTP_URL: ${e.message}`),
        (transport: Parameters<typeof smtpNotifier>[0]) => ({
          notifier: smtpNotifier(transport, { from }),
          outbox: null,
        }),
      )(smtpTransportFromUrl(config.notifier.url));
    }
    case 'govuk': {
      // One generic Notify template per channel, with ((subject)) and ((body)) placeholders.
      const { apiKey, smsTemplateId, emailTemplateId } = config.notifier;
      const notifier = govukNotifier(notifyClient({ apiKey }), {
        templates: {
          sms: oneTemplateForEveryKind(smsTemplateId),
          email: oneTemplateForEveryKind(emailTemplateId),
        },
        sendRenderedText: true,
      });
      return E.right({ notifier, outbox: null });
    }
  }
};

/** The session-cookie signing secret, derived from the active keyring key (one secret to manage). */
const cookieSecretFrom = (keyring: Keyring): string =>
  createHmac('sha256', keyring.current().secret)
    .update('consentry-cookie-signing')
    .digest('base64url');

/**
 * Production never falls back to a development keyring or notifier (config.ts refuses them
 * first; this holds for a configuration built by hand too), and so writes nothing before.
 */
const productionGuard = (config: HostConfig): StartupError | undefined => {
  if (config.mode !== 'production') return undefined;
  if (config.keyring === undefined)
    return startupError('CONSENTRY_KEYRING', 'CONSENTRY_KEYRING is required in production mode');
  if (config.notifier.kind === 'dev')
    return startupError(
      'CONSENTRY_NOTIFIER',
      'CONSENTRY_NOTIFIER=dev is refused in production mode: use smtp or govuk',
    );
  return undefined;
};

/**
 * Session cookies and sign-in codes are signed with the keyring: a data folder's own
 * development key makes this host's sessions and codes unreadable to the other hosts on a
 * shared database.
 */
const warnIfKeyringNotShared = (config: HostConfig, logger: Logger): void => {
  if (config.keyring === undefined && config.store.kind === 'postgres')
    logger.warn(
      'CONSENTRY_KEYRING is not set: other hosts on this database will not accept this host’s sessions or sign-in codes; give every host the same CONSENTRY_KEYRING',
    );
};

/** Opens the store, notifier, keyring and host tables named by the configuration. */
export const openHost = (
  config: HostConfig,
  logger: Logger,
): E.Either<StartupError, HostRuntime> => {
  const refused = productionGuard(config);
  if (refused !== undefined) return E.left(refused);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const keyring =
    config.keyring === undefined
      ? developmentKeyring(config.dataDir, (message) => logger.warn(message))
      : parseKeyring(config.keyring);
  if (E.isLeft(keyring)) return E.left(startupError('CONSENTRY_KEYRING', keyring.left));
  warnIfKeyringNotShared(config, logger);
  const opened = openStore(config);
  if (E.isLeft(opened)) return opened;
  // With CONSENTRY_KEK, personal fields are sealed (docs/personal-data.md) for every reader;
  // the key table is opened after the store, which sets its SQLite file up first.
  const personal = personalDataWiring(config);
  if (E.isLeft(personal)) {
    void opened.right.close();
    return E.left(startupError('CONSENTRY_KEK', personal.left));
  }
  // Kept as an Either: the rest of openHost reads `store.right`.
  const store = E.right(personal.right.seal(opened.right)) as E.Right<EventStore>;
  const notifier = openNotifier(config);
  if (E.isLeft(notifier)) {
    void store.right.close();
    return notifier;
  }
  // Sessions, tokens, accounts and counters: in the store's database when it is PostgreSQL,
  // so every host on it sees the same (docs/scaling.md); otherwise host.sqlite beside it.
  const postgres = opened.right.postgres;
  const hostDb =
    postgres === undefined
      ? openHostDb(path.join(config.dataDir, 'host.sqlite'))
      : openPostgresHostDb(postgres.pool, { schema: postgres.schema });
  const metrics = hostMetrics();
  const eventStore = personal.right.seal(instrumentedEventStore(store.right, metrics));
  const delivery = startDelivery(config, {
    eventStore,
    notifier: notifier.right.notifier,
    keyring: keyring.right,
    logger,
  });
  const consentry = createConsentry({
    eventStore,
    notifier: notifier.right.notifier,
    clock: systemClock,
    keyring: keyring.right,
    notifications: delivery.notifications,
    ...(opened.right.replicaReads === undefined
      ? {}
      : { commitToken: opened.right.replicaReads.commitToken }),
  });
  return E.right({
    consentry,
    eventStore: store.right,
    hostDb,
    records: recordsIn(hostDb),
    ...notifier.right,
    keyring: keyring.right,
    cookieSecret: cookieSecretFrom(keyring.right),
    metrics,
    ...(config.signIn === undefined ? {} : { signIn: config.signIn }),
    ...(opened.right.replicaReads === undefined ? {} : { replicaReads: opened.right.replicaReads }),
    close: async () => {
      await delivery.stop();
      await hostDb.close(); // before the store, which ends the pool a PostgreSQL host db uses
      await store.right.close();
      await personal.right.close();
    },
  });
};
