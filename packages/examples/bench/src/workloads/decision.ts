import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import {
  ConsentRecordEvent,
  OrganisationEvent,
  PatientEvent,
  PracticeListsEvent,
  decideAccess,
  defaultPolicy,
  evolveConsentRecord,
  inMemoryEventStore,
  initialConsentRecord,
  organisationDecider,
  patientDecider,
  practiceListsDecider,
  streams,
  upcast,
  type AccessFacts,
  type EventStore,
} from '@consentry/core';
import { must, nowNs, percentileUs, progress, rateOfSync } from '../measure.js';
import type { Row } from '../results.js';
import { consentryOver, seed } from '../seed.js';

const fold = async <S, Ev>(
  store: EventStore,
  stream: string,
  codec: t.Decoder<unknown, Ev>,
  initial: () => S,
  evolve: (s: S, e: Ev) => S,
): Promise<S> => {
  const read = must(await store.readStream(stream)(), `read ${stream}`);
  return read.events.reduce((state, event) => {
    const lifted = upcast(event);
    return evolve(
      state,
      must(
        E.mapLeft(() => stream)(codec.decode({ type: lifted.type, data: lifted.data })),
        'decode',
      ),
    );
  }, initial());
};

/**
 * Access decision latency on warm state: 10,000 patients × 50 organisations seeded through
 * the facade, every patient's and organisation's state folded once, then `decideAccess`
 * timed alone over random (patient, organisation) pairs.
 */
export const decisionBench = async (patients = 10_000, decisions = 500_000): Promise<Row[]> => {
  const store = inMemoryEventStore();
  progress(`decision: seeding ${patients.toLocaleString()} patients × 50 organisations`);
  const seeded = await seed(
    consentryOver(store),
    patients,
    50,
    (n) => n % 2500 === 0 && progress(`decision: ${n} patients seeded`),
  );
  const organisations = new Map<string, AccessFacts['organisation']>();
  for (const id of [...seeded.practices, ...seeded.organisations]) {
    organisations.set(
      id,
      await fold(
        store,
        streams.organisation(id),
        OrganisationEvent,
        organisationDecider.initialState,
        organisationDecider.evolve,
      ),
    );
  }
  const lists = new Map<string, AccessFacts['practiceLists']>();
  for (const id of seeded.practices) {
    lists.set(
      id,
      await fold(
        store,
        streams.practiceLists(id),
        PracticeListsEvent,
        practiceListsDecider.initialState,
        practiceListsDecider.evolve,
      ),
    );
  }
  const facts: {
    patient: AccessFacts['patient'];
    record: AccessFacts['record'];
    practiceId: string;
  }[] = [];
  for (const id of seeded.patients) {
    const patient = await fold(
      store,
      streams.patient(id),
      PatientEvent,
      patientDecider.initialState,
      patientDecider.evolve,
    );
    const record = await fold(
      store,
      streams.consent(id),
      ConsentRecordEvent,
      initialConsentRecord,
      evolveConsentRecord,
    );
    facts.push({
      patient,
      record,
      practiceId: patient.status === 'registered' ? patient.practiceId : '',
    });
  }
  const orgIds = [...organisations.keys()];
  const now = new Date();
  const policy = defaultPolicy;
  let seedState = 12345;
  const random = (n: number): number => {
    seedState = (seedState * 1103515245 + 12345) & 0x7fffffff;
    return seedState % n;
  };
  const pairs = Array.from(
    { length: 4096 },
    () => [random(facts.length), random(orgIds.length)] as const,
  );
  const outcomes: Record<string, number> = {};
  const decide = (i: number): string => {
    const [p, o] = pairs[i & 4095]!;
    const f = facts[p]!;
    const organisationId = orgIds[o]!;
    const decision = decideAccess(
      {
        patient: f.patient,
        record: f.record,
        organisation: organisations.get(organisationId)!,
        practiceLists: lists.get(f.practiceId)!,
      },
      { organisationId, purpose: 'TREAT', now },
      policy,
    );
    return decision.outcome;
  };
  for (let i = 0; i < 4096; i += 1) {
    const outcome = decide(i);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  progress(`decision: outcome mix over 4,096 pairs ${JSON.stringify(outcomes)}`);
  rateOfSync(50_000, decide); // warm-up for the JIT
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i += 1) {
    const start = nowNs();
    decide(i);
    samples[i] = Number(nowNs() - start);
  }
  samples.sort();
  const rate = rateOfSync(decisions, decide);
  return [
    {
      workload: 'access decision (warm state)',
      store: 'in-process',
      metric: 'p50 µs',
      ours: percentileUs(samples, 50),
    },
    {
      workload: 'access decision (warm state)',
      store: 'in-process',
      metric: 'p99 µs',
      ours: percentileUs(samples, 99),
      target: '≤ 20 µs',
    },
    {
      workload: 'access decision (warm state)',
      store: 'in-process',
      metric: 'decisions/s',
      ours: rate.perSecond,
      target: '≥ 200,000/s',
    },
  ];
};
