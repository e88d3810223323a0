import path from 'node:path';
import {
  ERASED,
  PERSONAL_FIELDS,
  createConsentry,
  historyAsOf,
  isErased,
  kekRing,
  keyVault,
  localKek,
  patientReport,
  personalDataStore,
  verifyStore,
  type CommandContext,
  type ConsentryDeps,
  type EventStore,
  type KeyVault,
  type RecordedEvent,
} from '@consentry/core';
import {
  capturingNotifier,
  describeWithDatabase,
  expectRight,
  manualClock,
  runScenarioFile,
  scenarioFiles,
} from '@consentry/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { seedDemo } from '../demo/seed.js';
import { openHostDb } from '../host/hostDb.js';
import { recordsIn } from '../host/records.js';
import {
  memoryKind,
  postgresKind,
  sqliteKind,
  type ScannedStore,
  type StoreKind,
} from './storeKinds.js';
import { keyringFromSecrets } from '@consentry/core';

/*
 * docs/personal-data.md, shown: the whole scenario library and the demo seed run on every
 * store with a key vault; then the raw bytes each store keeps (SQLite's file and WAL, the
 * PostgreSQL tables, the in-memory store's stored objects) are scanned for every personal
 * value that was written: none is there. Then every patient is erased: `audit verify` still
 * passes, replay, as-of and reports run and show the data as erased, and neither the bytes
 * nor a read with the keys that remain give any personal value back.
 */

const library = path.resolve(__dirname, '../../../scenarios');
const kek = localKek('kek-test', Buffer.alloc(32, 42));
const system: CommandContext = {
  actor: { kind: 'system', id: 'retention-job' },
  reason: 'end of the retention period',
};

const allEvents = async (store: EventStore): Promise<readonly RecordedEvent[]> =>
  (await expectRight(store.readAll({ batchSize: 1_000_000 }))).events;

/**
 * The personal values of the opened events (what the fields `PERSONAL_FIELDS` names hold).
 * The scenario runner names a patient by their id when a story gives no name: such a "name"
 * is the opaque id, in clear in every stream name by design, so it is not counted.
 */
const personalValues = (events: readonly RecordedEvent[]): Set<string> => {
  const values = new Set<string>();
  const ids = new Set(
    events
      .map((e) => (e.data as { patientId?: unknown }).patientId)
      .filter((id) => id !== undefined),
  );
  for (const event of events) {
    const spec = PERSONAL_FIELDS[event.type];
    if (spec === undefined) continue;
    for (const field of spec.fields) {
      const value = (event.data as Record<string, unknown>)[field];
      if (typeof value === 'string' && !isErased(value) && !ids.has(value)) values.add(value);
    }
  }
  return values;
};

/**
 * The values found in `bytes`: as they are (in a stream name, a column, a JSON string), except
 * a bare date, looked for as a JSON string only (as a substring it is in every timestamp).
 */
const found = (bytes: Buffer, values: Iterable<string>): string[] =>
  [...values].filter((value) =>
    /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? bytes.includes(JSON.stringify(value))
      : bytes.includes(value),
  );

interface Run {
  readonly scanned: ScannedStore;
  readonly vault: KeyVault;
  readonly deps: (deps: ConsentryDeps) => ConsentryDeps;
}

const withVault = (scanned: ScannedStore): Run => {
  const vault = keyVault(scanned.keys, kekRing(kek));
  return { scanned, vault, deps: (deps) => ({ ...deps, keyVault: vault }) };
};

const keyring = (() => {
  const made = keyringFromSecrets({ currentKeyId: 'k', keys: { k: 'x'.repeat(40) } });
  if (E.isLeft(made)) throw new Error(made.left);
  return made.right;
})();

const seedOn = async (store: EventStore, vault: KeyVault | undefined): Promise<void> => {
  const hostDb = openHostDb(':memory:');
  await seedDemo(
    {
      consentry: createConsentry({
        eventStore: store,
        notifier: capturingNotifier(),
        clock: manualClock('2026-07-01T09:00:00Z'),
        keyring,
        ...(vault === undefined ? {} : { keyVault: vault }),
      }),
      hostDb,
      records: recordsIn(hostDb),
      keyring,
    },
    { passwordCost: { N: 1024 } },
  );
};

/** Runs every scenario (each on a fresh store) and the demo seed; returns the stores written. */
const writeEverything = async (kind: StoreKind): Promise<Run[]> => {
  const runs: Run[] = [];
  for (const file of scenarioFiles(library)) {
    const run = withVault(await kind.open());
    runs.push(run);
    const result = await runScenarioFile(file, {
      eventStore: run.scanned.store,
      createConsentry: (deps) => createConsentry(run.deps(deps)),
    });
    if (E.isLeft(result)) throw new Error(`${file} does not load`);
    // A story that fails with a key vault must fail without one too (one being written now).
    if (!result.right.passed) {
      const plain = await runScenarioFile(file);
      if (E.isRight(plain) && plain.right.passed)
        throw new Error(
          `${file} fails on ${kind.name} with a key vault only: ${JSON.stringify(result.right.steps.filter((step) => !step.passed))}`,
        );
    }
  }
  const demo = withVault(await kind.open());
  runs.push(demo);
  await seedOn(demo.scanned.store, demo.vault);
  return runs;
};

const eraseEveryone = async (run: Run): Promise<readonly string[]> => {
  const opened = personalDataStore(run.scanned.store, run.vault);
  const patients = (await allEvents(opened))
    .filter((e) => e.type === 'PatientRegistered')
    .map((e) => (e.data as { patientId: string }).patientId);
  const consentry = createConsentry(
    run.deps({
      eventStore: run.scanned.store,
      notifier: capturingNotifier(),
      clock: manualClock('2030-01-01T00:00:00Z'),
      keyring,
    }),
  );
  for (const patientId of patients)
    await expectRight(consentry.erasePersonalData({ patientId, scope: 'all' }, system));
  return patients;
};

const showOn = (makeKind: () => StoreKind) => async () => {
  const kind = makeKind();
  try {
    const runs = await writeEverything(kind);
    const written = new Set<string>();
    for (const run of runs) {
      const opened = personalDataStore(run.scanned.store, run.vault);
      const values = personalValues(await allEvents(opened));
      for (const v of values) written.add(v);
      // None of them in what the store keeps.
      expect({ store: kind.name, found: found(await run.scanned.bytes(), values) }).toEqual({
        store: kind.name,
        found: [],
      });
    }
    // Names, numbers, dates of birth, mobiles and e-mails of every story and the demo.
    expect(written.size).toBeGreaterThan(20);
    // The scan does find them where they are stored plain: the demo on a store without a vault.
    const plain = await kind.open();
    await seedOn(plain.store, undefined);
    const plainValues = personalValues(await allEvents(plain.store));
    expect(found(await plain.bytes(), plainValues).length).toBe(plainValues.size);
    await plain.dispose();

    for (const run of runs) {
      const wrappedBefore = (await run.scanned.keys.rows()).map((row) => row.wrapped);
      const patients = await eraseEveryone(run);
      expect(
        (await expectRight(verifyStore(run.scanned.store, { publicKeys: new Map() }))).clean,
      ).toBe(true);
      // Replay with the keys that remain: every personal field reads as erased.
      const opened = await allEvents(personalDataStore(run.scanned.store, run.vault));
      expect(personalValues(opened)).toEqual(new Set());
      const history = historyAsOf(opened, new Date('2031-01-01T00:00:00Z'));
      for (const patientId of patients)
        expect(history.patients.get(patientId)).toMatchObject({ nhsNumber: ERASED, name: ERASED });
      expect(history.patientIdByNhsNumber.size).toBe(0);
      // As of a day before the erasure, the log still reads as erased: the keys are gone.
      const before = historyAsOf(opened, new Date('2029-12-31T00:00:00Z'));
      for (const patientId of patients)
        expect(before.patients.get(patientId)).toMatchObject({ nhsNumber: ERASED });
      for (const patientId of patients)
        patientReport(opened.filter((e) => e.streamName.endsWith(`-${patientId}`)));
      // Nothing personal and no erased key left in the bytes.
      const bytes = await run.scanned.bytes();
      expect(found(bytes, written)).toEqual([]);
      expect(found(bytes, wrappedBefore)).toEqual([]);
    }
    for (const run of runs) await run.scanned.dispose();
  } finally {
    await kind.close();
  }
};

describe('personal data in the raw bytes of every store', () => {
  it(
    'in-memory: the scenario library and the demo, scanned, then erased',
    showOn(memoryKind),
    300_000,
  );
  it(
    'SQLite (file and WAL): the scenario library and the demo, scanned, then erased',
    showOn(sqliteKind),
    300_000,
  );
});

// CI always gives it a server (bash .ci/postgres.sh prints one); never skipped there.
describeWithDatabase('personal data in the raw bytes of PostgreSQL', (url) => {
  it(
    'PostgreSQL (events, streams and key tables): the scenario library and the demo, scanned, then erased',
    showOn(() => postgresKind(url)),
    300_000,
  );
});
