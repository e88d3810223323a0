// One host process of the several-hosts delivery test (severalHosts.int.spec.ts): runs the
// notification reactor under the store's lease, as the reference host does with
// CONSENTRY_DELIVERY=background, sending to the test's provider, until SIGTERM (or SIGKILL).
// Prints one JSON line per lease change.
import pg from 'pg';
import { eventStoreCheckpoints, leasedReactor, systemClock, uuidV7Ids } from '@consentry/core';
import { postgresEventStore } from '../postgresEventStore.js';
import { postgresLease } from '../postgresLease.js';
import { testKeyring } from './consentryHost.js';
import { httpNotifier } from './httpProvider.js';

const env = (name: string): string => process.env[name] ?? '';

const main = (): void => {
  const pool = new pg.Pool({
    connectionString: env('DATABASE_URL'),
    max: 4,
    options: '-c synchronous_commit=off',
  });
  const schema = env('SCHEMA');
  const eventStore = postgresEventStore(pool, { schema, pollIntervalMs: 200 });
  const deps = { clock: systemClock, ids: uuidV7Ids };
  const say = (event: string) => (message: string) =>
    process.stdout.write(
      `${JSON.stringify({ event, message, pid: process.pid, at: Date.now() })}\n`,
    );
  const reactor = leasedReactor(
    {
      ...deps,
      eventStore,
      notifier: httpNotifier(env('PROVIDER_URL')),
      keyring: testKeyring(),
      checkpoints: eventStoreCheckpoints(eventStore, deps),
      checkpointEvery: 20,
      logger: { info: (m) => say('info')(m), warn: (m) => say('warn')(m) },
    },
    postgresLease(pool, { schema }),
    { acquireEveryMs: 250 },
  );
  reactor.start();
  say('started')('waiting for the lease');
  process.on('SIGTERM', () => {
    void reactor
      .stop()
      .then(() => eventStore.close())
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
};
main();
