import {
  accessDecider,
  decideAccess,
  defaultPolicy,
  newChallengeId,
  schemaVersionOf,
  streams,
  uuidV7Ids,
  verificationDecider,
  type AccessDecision,
  type AccessFacts,
  type Clock,
  type ConsentRecordState,
  type Consentry,
  type EventStore,
  type RequestId,
} from '@consentry/core';
import { coreInternals, type Fold, type Loaded } from '../coreInternals.js';
import { must } from '../measure.js';

const actorOf = (organisationId: string) =>
  ({ kind: 'organisation-staff', id: 'bench-clinician', organisationId }) as const;

/** One command's work, run `count` times over the pairs; CPU and wall time of the whole loop. */
export interface Timed {
  readonly perSecond: number;
  readonly cpuUsPerOp: number;
}

export const timedLoop = async (
  count: number,
  op: (i: number) => Promise<unknown>,
): Promise<Timed> => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i += 1) await op(i);
  const used = process.cpuUsage(cpu);
  return {
    perSecond: count / ((performance.now() - start) / 1000),
    cpuUsPerOp: (used.user + used.system) / count,
  };
};

/** `requestAccess` through the facade, by the organisation's staff, as the facade workload. */
export const viaFacade =
  (consentry: Consentry) =>
  async (patientId: string, organisationId: string): Promise<string> =>
    must(
      await consentry.requestAccess(
        { patientId, organisationId, purpose: 'TREAT' },
        { actor: actorOf(organisationId) },
      )(),
      'requestAccess',
    ).outcome;

type Op = (patientId: string, organisationId: string) => Promise<string>;

/** The floors of `requestAccess` and of `checkAccess`. */
export interface Floors {
  readonly requestAccess: Op;
  readonly checkAccess: Op;
}

/**
 * The floor of `requestAccess`: read → decide → append with the facade's own folds and
 * deciders, straight on the store. It reads the four streams a decision rests on (patient,
 * practice lists, organisation, consent record) from the version it last folded, decides
 * with `decideAccess`, records the request (`accessDecider`) and on verify the challenge
 * (`verificationDecider`), and appends at the version read. Left out, because the facade adds
 * them around the decision: input decoding, the trust rules, the patient queue, retries,
 * refusals, tracing and sending the code (the notification reactor and its record).
 * `checkAccess`'s floor is the same reads and decision, with nothing appended.
 */
export const floorOf = async (store: EventStore, clock: Clock): Promise<Floors> => {
  const core = await coreInternals();
  const held = new Map<string, Loaded<unknown>>();
  const read = async <S>(stream: string, fold: Fold<S>): Promise<Loaded<S>> => {
    const from = held.get(stream) as Loaded<S> | undefined;
    const got = must(
      await store.readStream(
        stream,
        from === undefined ? undefined : { fromVersion: from.version + 1n },
      )(),
      'read',
    );
    const folded = must(
      core.foldOnto(fold, from?.state ?? fold.initialState(), got.events, got.currentVersion),
      'fold',
    );
    held.set(stream, folded);
    return folded;
  };
  const policy = defaultPolicy;
  /** Read the four streams on from what is held, and decide. */
  const decideOn = async (patientId: string, organisationId: string) => {
    const patient = await read(streams.patient(patientId), core.patientFold);
    const practiceId = (patient.state as { practiceId?: string }).practiceId ?? '';
    const lists = await read(streams.practiceLists(practiceId), core.practiceListsFold);
    const organisation = await read(streams.organisation(organisationId), core.organisationFold);
    const consent = (await read(
      streams.consent(patientId),
      core.consentFold,
    )) as Loaded<ConsentRecordState>;
    const now = clock.now();
    const facts = {
      patient: patient.state,
      organisation: organisation.state,
      practiceLists: lists.state,
      record: consent.state,
    } as AccessFacts;
    const decision: AccessDecision = decideAccess(
      facts,
      { organisationId, purpose: 'TREAT', now },
      policy,
    );
    return { consent, decision, now };
  };
  const requestAccess = async (patientId: string, organisationId: string): Promise<string> => {
    const { consent, decision, now } = await decideOn(patientId, organisationId);
    const requestId = uuidV7Ids.next() as RequestId;
    const data = { patientId, organisationId, purpose: 'TREAT', requestId, decision } as const;
    const events: { readonly type: string; readonly data: unknown }[] = [
      ...must(
        accessDecider.decide(
          {
            type: 'RecordAccessRequest',
            data: { ...data, emergencyId: uuidV7Ids.next() as RequestId },
          } as Parameters<typeof accessDecider.decide>[0],
          consent.state.access,
        ),
        'decide',
      ),
    ];
    if (decision.outcome === 'verify')
      events.push(
        ...must(
          verificationDecider.decide(
            {
              type: 'IssueChallenge',
              data: {
                patientId,
                organisationId,
                now,
                challengeId: newChallengeId(),
                requestId,
                keyId: 'bench',
                channel: decision.channels[0]!,
                channels: decision.channels,
                ttlSeconds: policy.codeTtlSeconds,
                maxAttempts: policy.maxAttempts,
                codeDigits: policy.codeDigits,
                limits: {
                  perOrganisation: policy.maxChallengesPerOrganisation,
                  perPatient: policy.maxChallengesPerPatient,
                  resendsPerChallenge: policy.maxResendsPerChallenge,
                  codeMessagesPerPatient: policy.maxCodeMessagesPerPatient,
                },
              },
            } as Parameters<typeof verificationDecider.decide>[0],
            consent.state.verification,
          ),
          'challenge',
        ),
      );
    const recordedAt = now.toISOString();
    const appended = must(
      await store.appendToStream(
        streams.consent(patientId),
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: {
            eventId: uuidV7Ids.next(),
            recordedAt,
            actor: actorOf(organisationId),
            correlationId: requestId,
            schemaVersion: schemaVersionOf(event.type),
          },
        })),
        { expectedVersion: consent.version },
      )(),
      'append',
    );
    // Its own events folded on, not read back (as the facade does: streams/load.ts, holdAppended).
    held.set(streams.consent(patientId), {
      state: events.reduce(
        (state, event) => core.consentFold.evolve(state, event as never),
        consent.state as unknown,
      ),
      version: appended.nextExpectedVersion,
    });
    return decision.outcome;
  };
  // checkAccess's floor: the same reads and decision, nothing appended.
  const checkAccess = async (patientId: string, organisationId: string): Promise<string> =>
    (await decideOn(patientId, organisationId)).decision.outcome;
  return { requestAccess, checkAccess };
};
