import * as E from 'fp-ts/lib/Either.js';
import { verifyStore, type EventStore } from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import { postgresPool } from './postgresPool.js';
import { events } from './testSupport/events.js';
import { clusterControlMissing } from './testSupport/privateCluster.js';
import { createStandbyPair, type StandbyPair } from './testSupport/standbyPair.js';

/**
 * A primary with a synchronous standby (.ci/postgres-pair.sh), 8 writers appending, the
 * primary's machine lost mid-burst (every process frozen, then SIGKILLed), the standby
 * promoted: every acknowledged append must be on the new primary exactly once. Needs root and
 * Debian's postgresql-common, as CI has (and there it never skips).
 */
const missing = clusterControlMissing();
const describeWithClusterControl =
  missing === undefined ? describe : process.env.CI === 'true' ? describe : describe.skip;
if (missing !== undefined && process.env.CI !== 'true') {
  process.stdout.write(`skipped store-postgres failover test: ${missing}\n`);
}

const WRITERS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Call {
  readonly started: number;
  readonly ended: number;
  readonly eventIds: readonly string[];
  readonly acknowledged: boolean;
}

const writer = async (
  store: EventStore,
  id: number,
  until: () => boolean,
  calls: Call[],
): Promise<void> => {
  for (let i = 0; !until(); i++) {
    const batch = events(1 + (i % 3));
    const started = Date.now();
    // `any`: a blind second write of the same events would land twice, so the test sees it.
    const result = await store.appendToStream(`writer${id}-${i % 4}`, batch)();
    calls.push({
      started,
      ended: Date.now(),
      eventIds: batch.map((e) => e.metadata.eventId),
      acknowledged: E.isRight(result),
    });
    if (E.isLeft(result)) await sleep(50);
  }
};

describeWithClusterControl('failover to a synchronous standby', () => {
  let pair: StandbyPair;
  beforeAll(async () => {
    pair = await createStandbyPair();
  }, 120_000);
  afterAll(() => pair?.drop());

  it('keeps every acknowledged append exactly once, and the store resumes on the new primary', async () => {
    const pool = postgresPool(pair.readWriteUrl, { max: 10, connectionTimeoutMillis: 2000 });
    const store = postgresEventStore(pool, { schema: 'failover', unknownOutcomeWaitMs: 30_000 });
    expect(E.isRight(await store.readAll()())).toBe(true); // migrated before the burst

    let killedAt = 0;
    let promotedAt = 0;
    const acksSince = (since: number, calls: Call[]) =>
      calls.filter((c) => c.acknowledged && c.started > since).length;
    const all: Call[][] = Array.from({ length: WRITERS }, () => []);
    const stop = () => promotedAt > 0 && all.every((calls) => acksSince(promotedAt, calls) >= 10);
    const writing = all.map((calls, id) =>
      writer(
        store,
        id,
        () => stop() || (promotedAt > 0 && Date.now() - promotedAt > 60_000),
        calls,
      ),
    );
    await sleep(1500);
    killedAt = await pair.killPrimary();
    await sleep(1000); // what a failover manager takes to decide
    await pair.promote();
    promotedAt = Date.now();
    await Promise.all(writing);

    const calls = all.flat();
    const acknowledged = calls.filter((c) => c.acknowledged);
    const before = acknowledged.filter((c) => c.ended < killedAt);
    // Calls held through the outage (their connection died, or none could be had) and
    // acknowledged once the standby was promoted; and the first call made after the kill
    // to be acknowledged (an earlier one may be the old primary's answer, read late).
    const waited = acknowledged.filter((c) => c.started < promotedAt && c.ended > promotedAt);
    const firstAfter = Math.min(
      ...acknowledged.filter((c) => c.started > killedAt).map((c) => c.ended),
    );

    expect(before.length).toBeGreaterThan(50);

    // Everything on the new primary, read through the same multi-host pool.
    const seen = new Map<string, number>();
    for (let position = 0n; ;) {
      const batch = await store.readAll({ fromPosition: position, batchSize: 5000 })();
      if (E.isLeft(batch)) throw new Error(batch.left.message);
      for (const e of batch.right.events)
        seen.set(e.metadata.eventId, (seen.get(e.metadata.eventId) ?? 0) + 1);
      position = batch.right.nextPosition;
      if (batch.right.isEnd) break;
    }
    const lost = acknowledged.flatMap((c) => c.eventIds).filter((id) => seen.get(id) !== 1);
    expect(lost).toEqual([]);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    const verified = await verifyStore(store, { publicKeys: new Map() })();
    expect(E.isRight(verified) && verified.right.findings).toEqual([]);
    expect(E.isRight(verified) && verified.right.clean).toBe(true);

    console.log(
      `failover: ${WRITERS} writers, ${acknowledged.length} appends acknowledged (${before.length} before the kill, ${waited.length} held through the outage and acknowledged after the promotion), 0 lost, 0 twice; ${calls.length - acknowledged.length} answered StoreUnavailable; first append acknowledged ${firstAfter - promotedAt} ms after promote returned (${firstAfter - killedAt} ms after the kill)`,
    );
    await store.close();
    await pool.end();
  }, 180_000);
});
