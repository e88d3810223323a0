import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import {
  isStoreUnavailable,
  type EventStore,
  type RecordedEvent,
  type StoreError,
} from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import {
  clusterControlMissing,
  createPrivateCluster,
  type PrivateCluster,
} from './testSupport/privateCluster.js';
import { events } from './testSupport/events.js';

/**
 * Restarts (and crashes) a PostgreSQL server under a store that is busy appending. Runs on a
 * private cluster made for this test, so other suites keep their server; needs root and
 * Debian's postgresql-common, as CI has (and there it never skips).
 */
const missing = clusterControlMissing();
const describeWithClusterControl =
  missing === undefined ? describe : process.env.CI === 'true' ? describe : describe.skip;
if (missing !== undefined && process.env.CI !== 'true') {
  process.stdout.write(`skipped store-postgres connection-loss test: ${missing}\n`);
}

interface Outcome {
  readonly acknowledged: RecordedEvent[];
  readonly errors: StoreError[];
}

// Appends one event to a new stream at a time until told to stop; records what happened.
const keepAppending = (
  store: EventStore,
  prefix: string,
  shouldStop: (sofar: Outcome) => boolean,
): Promise<Outcome> =>
  (async () => {
    const outcome: Outcome = { acknowledged: [], errors: [] };
    for (let n = 0; !shouldStop(outcome); n++) {
      const result = await store.appendToStream(`${prefix}-${n}`, events(1), {
        expectedVersion: 'no-stream',
      })();
      if (E.isRight(result)) outcome.acknowledged.push(...result.right.events);
      else {
        outcome.errors.push(result.left);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    return outcome;
  })();

describeWithClusterControl('postgresEventStore across a server restart', () => {
  let cluster: PrivateCluster;
  let pool: pg.Pool;
  let store: EventStore;

  beforeAll(async () => {
    if (missing !== undefined)
      throw new Error(`cannot run the connection-loss test in CI: ${missing}`);
    cluster = await createPrivateCluster();
    // Durable commits (the default): an acknowledged append must survive a crash.
    pool = new pg.Pool({ connectionString: cluster.url, max: 4, connectionTimeoutMillis: 5000 });
    store = postgresEventStore(pool, { schema: 'restart' });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await cluster?.drop();
  }, 30_000);

  for (const mode of ['fast', 'immediate'] as const) {
    it(`loses nothing acknowledged and recovers after a ${mode} restart`, async () => {
      const before = await keepAppendingFor(store, `${mode}before`, 30);
      expect(before.errors).toEqual([]);

      let stop = false;
      const during = keepAppending(store, `${mode}during`, () => stop);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await cluster.restart(mode);
      // Calls succeed again once the server is back: wait for 20 more acknowledged appends.
      const after = await keepAppendingFor(store, `${mode}after`, 20, 15_000);
      stop = true;
      const outcome = await during;

      for (const error of [...outcome.errors, ...after.errors]) {
        expect(isStoreUnavailable(error)).toBe(true);
      }
      expect(after.acknowledged).toHaveLength(20);

      const acknowledged = [...before.acknowledged, ...outcome.acknowledged, ...after.acknowledged];
      for (const event of acknowledged) {
        const read = await store.readStream(event.streamName)();
        expect(E.isRight(read) && read.right.events).toEqual([event]);
      }
    }, 60_000);
  }
});

// Appends until `count` have been acknowledged (or the deadline passes).
const keepAppendingFor = (
  store: EventStore,
  prefix: string,
  count: number,
  withinMs = 5000,
): Promise<Outcome> => {
  const deadline = Date.now() + withinMs;
  return keepAppending(
    store,
    prefix,
    (sofar) => sofar.acknowledged.length >= count || Date.now() > deadline,
  );
};
