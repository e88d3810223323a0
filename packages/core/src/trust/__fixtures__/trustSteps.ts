import fc from 'fast-check';
import {
  ACTOR_KEYS,
  ORG_KEYS,
  PATIENT_KEYS,
  JUSTIFICATIONS,
  type ActorKey,
  type PatientKey,
  type PracticeKey,
} from './trustWorld.js';

import type { ActorStep, Command, ListCommand, OrgRef, PlainPair, Step } from './trustStepTypes.js';

export type * from './trustStepTypes.js';

export const patient: fc.Arbitrary<PatientKey> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<PatientKey>('alice') },
  { weight: 1, arbitrary: fc.constantFrom(...PATIENT_KEYS) },
);
const org: fc.Arbitrary<OrgRef> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<OrgRef>('own') },
  { weight: 3, arbitrary: fc.constantFrom<OrgRef>(...ORG_KEYS) },
);
export const actor: fc.Arbitrary<ActorKey> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<ActorKey>(
      ...ORG_KEYS.map((o): ActorKey => `organisation-staff:${o}`),
      'practice-staff:practice',
      'practice-staff:otherPractice',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<ActorKey>(
      ...ORG_KEYS.map((o): ActorKey => `organisation-system:${o}`),
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom<ActorKey>('patient:alice', 'patient:bob') },
  { weight: 1, arbitrary: fc.constantFrom<ActorKey>('proxy:alice', 'proxy:bob') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<ActorKey>(...ORG_KEYS.map((o): ActorKey => `privacy-officer:${o}`)),
  },
  { weight: 1, arbitrary: fc.constantFrom<ActorKey>('auditor', 'system') },
  { weight: 1, arbitrary: fc.constantFrom(...ACTOR_KEYS) },
);
const answer = fc.constantFrom(
  'consent' as const,
  'dissent' as const,
); /** Short waits around a code's validity. */
export const shortWait = fc.constantFrom(1, 30, 599, 601);
const SECONDS = [1, 30, 599, 601, 3_600, 86_399, 86_401, 3 * 86_400];
const seconds = fc.oneof(fc.constantFrom(...SECONDS), fc.integer({ min: 1, max: 4 * 86_400 }));

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        do: fc.constant('setSharingPreference' as const),
        patient,
        preference: fc.constantFrom(
          'allow' as const,
          'deny' as const,
          'require-verification' as const,
        ),
        setBy: fc.oneof(
          { weight: 3, arbitrary: fc.constant('match' as const) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              'patient' as const,
              'practice' as const,
              'organisation' as const,
            ),
          },
        ),
        org,
        untilSeconds: seconds,
      },
      { requiredKeys: ['do', 'patient', 'preference', 'setBy'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { do: fc.constant('clearSharingPreference' as const), patient, org },
      { requiredKeys: ['do', 'patient'] },
    ),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      do: fc.constant('recordInPersonAnswer' as const),
      patient,
      org,
      answer,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('recordSharingOutConsent' as const),
      patient,
      org,
      answer,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        do: fc.constant('startCare' as const),
        patient,
        org,
        selfClaimed: fc.boolean(),
        reason: fc.constantFrom('Booked for surgery', 'Walked in'),
      },
      { requiredKeys: ['do', 'patient', 'org'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ do: fc.constant('referCare' as const), patient, from: org, to: org }),
  },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        do: fc.constant('requestAccess' as const),
        patient,
        org,
        purpose: fc.constantFrom('TREAT' as const, 'ETREAT' as const),
        justification: fc.constantFrom(...JUSTIFICATIONS),
      },
      { requiredKeys: ['do', 'patient', 'org', 'purpose'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      do: fc.constant('enterCode' as const),
      patient,
      org,
      code: fc.oneof(
        { weight: 3, arbitrary: fc.constant('right') },
        { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{6}$/) },
      ),
    }),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom<PlainPair>(
          'withdrawConsent',
          'endCare',
          'resendCode',
          'approveOnline',
          'refuseOnline',
          'viewRecord',
        ),
        patient,
        org,
      )
      .map(([name, p, o]) => ({ do: name, patient: p, org: o }) as Command),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('recordContactDetails' as const),
      patient,
      contact: fc.constantFrom(
        'mobile' as const,
        'other-mobile' as const,
        'email' as const,
        'both' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('enrolPortal' as const), patient }) },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('changeHomeArea' as const),
      patient,
      area: fc.constantFrom('leicestershire' as const, 'cornwall' as const, 'cumbria' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom<ListCommand>(
          'allowOrganisation',
          'prohibitOrganisation',
          'removeFromPracticeLists',
        ),
        fc.constantFrom<PracticeKey>('practice', 'otherPractice'),
        org,
      )
      .map(([name, practice, o]): Command => ({ do: name, practice, org: o })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({
        do: fc.constant('registerOrganisation' as const),
        kind: fc.constantFrom('hospital' as const, 'gp-practice' as const),
        area: fc.constantFrom('leicestershire' as const, 'cornwall' as const),
      }),
      fc.record({ do: fc.constant('closeOrganisation' as const), org }),
      fc.record({
        do: fc.constant('registerPatient' as const),
        nhs: fc.constantFrom('alice' as const, 'bob' as const, 'fresh' as const),
        practice: fc.constantFrom<PracticeKey>('practice', 'otherPractice'),
        bornInFuture: fc.boolean(),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('reviewAlert' as const),
      alert: fc.nat({ max: 20 }),
      outcome: fc.constantFrom('appropriate' as const, 'inappropriate' as const),
    }),
  },
);

export const actorStep: fc.Arbitrary<ActorStep> = fc
  .tuple(actor, command)
  .map(([as, c]): ActorStep => ({ as, ...c }));
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ do: fc.constant('wait' as const), seconds }) },
  { weight: 6, arbitrary: actorStep },
);
