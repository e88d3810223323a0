// A small embedding of the published packages, as an embedder would write it. The packed
// packages' test (installed.int.spec.ts) copies this file into a fresh npm project outside
// the workspace, compiles it there with `strict` and `skipLibCheck: false`, and runs it:
//   node dist/embedding.js memory
//   node dist/embedding.js sqlite <file>
//   node dist/embedding.js postgres <connection string>
// It prints one JSON line: the decisions a hospital got, which the test checks.
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  createConsentry,
  inMemoryEventStore,
  keyringFromSecrets,
  type AccessDecision,
  type CommandContext,
  type ConsentryError,
  type EventStore,
} from '@consentry/core';
import { capturingNotifier, manualClock } from '@consentry/core/testing';
import { consentsFromEvents, fhirBundle } from '@consentry/fhir';
import { govukNotifier } from '@consentry/notify-govuk';
import { smtpNotifier } from '@consentry/notify-smtp';
import { eventStoreDbEventStore } from '@consentry/store-eventstoredb';
import { postgresEventStore } from '@consentry/store-postgres';
import { sqliteEventStore } from '@consentry/store-sqlite';

interface OpenedStore {
  readonly store: EventStore;
  readonly close: () => Promise<void>;
}

const openStore = (kind: string, where: string | undefined): OpenedStore => {
  if (kind === 'memory') return { store: inMemoryEventStore(), close: async () => {} };
  if (kind === 'sqlite' && where !== undefined) {
    const db = new Database(where);
    const opened = sqliteEventStore(db);
    if (opened._tag === 'Left') throw new Error(opened.left.message);
    const store = opened.right;
    return { store, close: async () => void (await store.close(), db.close()) };
  }
  if (kind === 'postgres' && where !== undefined) {
    const pool = new pg.Pool({ connectionString: where, max: 4 });
    const schema = `installed_${process.pid}_${Date.now()}`;
    const store = postgresEventStore(pool, { schema });
    const close = async (): Promise<void> => {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    };
    return { store, close };
  }
  throw new Error(`usage: embedding.js memory | sqlite <file> | postgres <url> (got ${kind})`);
};

const must = async <A>(
  task: () => Promise<{ _tag: 'Left'; left: ConsentryError } | { _tag: 'Right'; right: A }>,
): Promise<A> => {
  const result = await task();
  if (result._tag === 'Left') throw new Error(`${result.left._tag}: ${result.left.message}`);
  return result.right;
};

const outcome = (decision: AccessDecision): string => decision.outcome;

const story = async (store: EventStore): Promise<Record<string, unknown>> => {
  const keyring = keyringFromSecrets({
    currentKeyId: 'k1',
    keys: { k1: 'installed-packages test key, not for production' },
  });
  if (keyring._tag === 'Left') throw new Error(keyring.left);
  const notifier = capturingNotifier();
  const clock = manualClock('2026-07-01T09:00:00Z');
  const consentry = createConsentry({ eventStore: store, notifier, clock, keyring: keyring.right });
  const system: CommandContext = { actor: { kind: 'system', id: 'installed' } };
  const hospital: CommandContext = {
    actor: { kind: 'organisation-staff', id: 'dr-penrose', organisationId: 'cornwall-hospital' },
    reason: 'A&E attendance',
  };
  await must(
    consentry.registerOrganisation(
      {
        organisationId: 'leic-practice',
        odsCode: 'C82001',
        name: 'Leicester Road Surgery',
        kind: 'gp-practice',
        area: 'leicestershire',
      },
      system,
    ),
  );
  await must(
    consentry.registerOrganisation(
      {
        organisationId: 'cornwall-hospital',
        odsCode: 'REF01',
        name: 'Royal Cornwall Hospital',
        kind: 'hospital',
        area: 'cornwall',
      },
      system,
    ),
  );
  await must(
    consentry.registerPatient(
      {
        patientId: 'alice',
        nhsNumber: '943 476 5919',
        name: 'Alice Smith',
        dateOfBirth: '1980-02-03',
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    ),
  );
  const alice: CommandContext = { actor: { kind: 'patient', id: 'alice' } };
  await must(consentry.recordContactDetails({ patientId: 'alice', mobile: '07700 900123' }, alice));
  const visit = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  // The hospital's admissions system records the attendance (care from its own feed).
  const admissions: CommandContext = {
    actor: { kind: 'organisation-system', id: 'admissions', organisationId: 'cornwall-hospital' },
  };
  await must(consentry.startCare({ ...visit, reason: 'A&E attendance' }, admissions));
  const asked = await must(consentry.requestAccess(visit, hospital));
  const code = notifier.lastCodeFor('+447700900123') ?? '';
  clock.advanceMinutes(2);
  const entered = await must(consentry.enterCode({ ...visit, code }, hospital));
  const checked = await must(consentry.checkAccess(visit));
  const all = await store.readAll({ fromPosition: 0n, batchSize: 10_000 })();
  if (all._tag === 'Left') throw new Error(all.left.message);
  const bundle = fhirBundle(consentsFromEvents(all.right.events), clock.now().toISOString());
  return {
    asked: outcome(asked),
    entered: outcome(entered),
    checked: outcome(checked),
    events: all.right.events.length,
    fhirBundleType: bundle.type,
  };
};

const main = async (): Promise<void> => {
  const [kind = '', where] = process.argv.slice(2);
  // The other adapters load and build here too, so a missing runtime dependency fails the run.
  const adapters = [govukNotifier, smtpNotifier, eventStoreDbEventStore].map((f) => typeof f);
  const opened = openStore(kind, where);
  try {
    console.log(JSON.stringify({ store: kind, ...(await story(opened.store)), adapters }));
  } finally {
    await opened.close();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
