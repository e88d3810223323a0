import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { createConsentry, systemClock, type Consentry, type EventStore } from '@consentry/core';
import { capturingNotifier, expectRight } from '@consentry/core/testing';
import { postgresEventStore } from './postgresEventStore.js';
import { commitToken, readYourWrites } from './replicaReads.js';
import { testKeyring } from './testSupport/consentryHost.js';
import { HOSPITAL, patientId, seedPatients } from './testSupport/emergencies.js';
import { openPair, pairMissing } from './testSupport/pairUrls.js';
import { randomSchema } from './testSupport/database.js';

/**
 * Read-your-writes from a hot standby: the pair .ci/run starts with .ci/postgres-pair.sh (a
 * primary and a synchronous standby), or one made here (root). In CI it never skips.
 */
const missing = pairMissing();
const describeWithPair =
  missing === undefined ? describe : process.env.CI === 'true' ? describe : describe.skip;
if (missing !== undefined && process.env.CI !== 'true') {
  process.stdout.write(`skipped store-postgres read-replica test: ${missing}\n`);
}

const facade = (eventStore: EventStore, primaryPool?: pg.Pool): Consentry =>
  createConsentry({
    eventStore,
    // Every receipt then carries the WAL position after the command (Receipt.commitToken).
    ...(primaryPool === undefined ? {} : { commitToken: commitToken(primaryPool) }),
    notifier: capturingNotifier(),
    clock: systemClock,
    keyring: testKeyring(),
    notifications: { delivery: 'external' },
    stateCacheStreams: 0, // each check folds the streams it reads, on either server
  });

/**
 * Pausing replay pauses it for every reader of the standby: suites that pause it (this one,
 * the reference host's replica spec) take this session lock on the primary first, so they
 * run one after another even in parallel jest workers.
 */
const REPLAY_LOCK = 7_419_630_019;
const holdReplayLock = async (primaryUrl: string): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1)', [REPLAY_LOCK]);
  return client;
};

describeWithPair('checks and queries from a read replica, reading your writes', () => {
  const schema = randomSchema('replica');
  let pair: Awaited<ReturnType<typeof openPair>>;
  let replayLock: pg.Client;
  let primaryPool: pg.Pool;
  let replicaPool: pg.Pool;
  let primary: EventStore;
  let rw: ReturnType<typeof readYourWrites>;
  let writer: Consentry;
  let onPrimary: Consentry;
  let onReplica: Consentry;
  const input = { patientId: patientId(0), organisationId: HOSPITAL };

  beforeAll(async () => {
    pair = await openPair();
    replayLock = await holdReplayLock(pair.primaryUrl);
    primaryPool = new pg.Pool({ connectionString: pair.primaryUrl, max: 4 });
    replicaPool = new pg.Pool({ connectionString: pair.standbyUrl, max: 4 });
    primary = postgresEventStore(primaryPool, { schema });
    const replica = postgresEventStore(replicaPool, { schema, readOnly: true });
    // Generous, so a loaded machine's replay lag never sends the first test's reads to the primary.
    rw = readYourWrites(primary, { store: replica, pool: replicaPool }, { waitMs: 2_000 });
    writer = facade(primary, primaryPool);
    onPrimary = facade(primary);
    onReplica = facade(rw.store);
    await seedPatients(writer, 1);
    // The hospital cares for the patient (its system's feed): her preference then decides.
    await expectRight(
      writer.startCare(input, {
        actor: { kind: 'organisation-system', id: `feed@${HOSPITAL}`, organisationId: HOSPITAL },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await replicaPool.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await primaryPool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await primary.close();
    await Promise.all([primaryPool.end(), replicaPool.end()]);
    await replayLock.end();
    await pair.drop();
  });

  /** The token comes back in the command's receipt, as a host hands it to its caller. */
  const setPreference = async (preference: 'allow' | 'deny'): Promise<string> => {
    const receipt = await expectRight(
      writer.setSharingPreference(
        { ...input, preference, setBy: 'patient' },
        { actor: { kind: 'patient', id: input.patientId } },
      ),
    );
    expect(receipt.commitToken).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    return receipt.commitToken!;
  };
  const checkWith = (token: string | undefined) =>
    rw.withToken(token, () => expectRight(onReplica.checkAccess(input)));

  it('a check given the write’s token reads that write from the replica', async () => {
    const outcomes: string[] = [];
    for (const preference of ['deny', 'allow', 'deny', 'allow', 'deny', 'allow'] as const) {
      const token = await setPreference(preference);
      const before = rw.served();
      const fromReplica = await checkWith(token);
      const fromPrimary = await expectRight(onPrimary.checkAccess(input));
      expect(fromReplica).toEqual(fromPrimary);
      expect(rw.served().replica).toBeGreaterThan(before.replica);
      expect(rw.served().primary).toBe(before.primary);
      outcomes.push(fromReplica.outcome);
    }
    // The preference changes what the check answers, so a stale read would have been caught.
    expect(outcomes).toEqual(['deny', 'permit', 'deny', 'permit', 'deny', 'permit']);
  });

  it('the read-side queries given the token read the write from the replica too', async () => {
    const patient = { patientId: input.patientId };
    for (const preference of ['deny', 'allow'] as const) {
      const token = await setPreference(preference);
      const before = rw.served();
      const [summary, history, details] = await rw.withToken(token, () =>
        Promise.all([
          expectRight(onReplica.sharingSummary(patient)),
          expectRight(onReplica.accessHistory(patient)),
          expectRight(onReplica.patient(patient)),
        ]),
      );
      expect(rw.served().replica).toBeGreaterThan(before.replica);
      expect(rw.served().primary).toBe(before.primary);
      expect(summary).toEqual(await expectRight(onPrimary.sharingSummary(patient)));
      expect(history).toEqual(await expectRight(onPrimary.accessHistory(patient)));
      expect(details).toEqual(await expectRight(onPrimary.patient(patient)));
      expect(JSON.stringify(summary.preferences)).toContain(`"${preference}"`);
    }
  });

  it('goes to the primary when the replica has not replayed the token in time', async () => {
    await replicaPool.query('SELECT pg_wal_replay_pause()');
    try {
      const token = await setPreference('deny');
      const before = rw.served();
      const started = Date.now();
      const decision = await checkWith(token);
      const waited = Date.now() - started;
      expect(decision).toEqual(await expectRight(onPrimary.checkAccess(input)));
      expect(rw.served().primary).toBeGreaterThan(before.primary);
      expect(waited).toBeGreaterThanOrEqual(1_900);
      expect(waited).toBeLessThan(3_500); // one wait for the call, not one per read;
    } finally {
      await replicaPool.query('SELECT pg_wal_replay_resume()');
    }
  });

  it('measures the cost of a check on the replica beside the primary', async () => {
    const token = await setPreference('allow');
    await checkWith(token); // the replica has it: later checks ask it nothing more
    const CHECKS = 300;
    const time = async (check: () => Promise<unknown>): Promise<number> => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < CHECKS; i++) await check();
      return Number(process.hrtime.bigint() - started) / 1000 / CHECKS;
    };
    await time(() => expectRight(onPrimary.checkAccess(input))); // warm both
    await time(() => checkWith(token));
    const primaryUs = await time(() => expectRight(onPrimary.checkAccess(input)));
    const replicaUs = await time(() => checkWith(token));
    const served = rw.served();
    console.log(
      `checkAccess, ${CHECKS} in a row: ${primaryUs.toFixed(0)} µs per check on the primary, ${replicaUs.toFixed(0)} µs on the replica with a replayed token (reads served: replica ${served.replica}, primary ${served.primary}); both servers share this machine's cores, so this is cost per check, not added capacity`,
    );
    expect(E.isRight(await onReplica.checkAccess(input)())).toBe(true);
  });
});
