import fc from 'fast-check';
import {
  ACTOR_KEYS,
  ORG_KEYS,
  PATIENT_KEYS,
  JUSTIFICATIONS,
  type ActorKey,
  type Justification,
  type OrgKey,
  type PatientKey,
  type PracticeKey,
} from './trustWorld.js';

/**
 * One random step of a sequence: a wait, or a command by an actor of any kind. Organisations
 * are named by key or as `own` (the actor's own organisation; the one being decided for an
 * actor without one), so that an actor acting for itself, the usual attack, comes up often.
 */
export type OrgRef = OrgKey | 'own';

export type Step =
  | { readonly do: 'wait'; readonly seconds: number }
  | ActorStep
  /** Two commands at once, the second through a second host on the same store. */
  | { readonly do: 'together'; readonly steps: readonly [ActorStep, ActorStep] };
export type ActorStep = { readonly as: ActorKey } & Command;

type OnPatient = { readonly patient: PatientKey };
type OnOrg = OnPatient & { readonly org: OrgRef };

/** Commands that name a patient and an organisation and nothing else. */
export type PlainPair =
  'withdrawConsent' | 'endCare' | 'resendCode' | 'approveOnline' | 'refuseOnline' | 'viewRecord';
export type ListCommand = 'allowOrganisation' | 'prohibitOrganisation' | 'removeFromPracticeLists';

export type Command =
  | (OnPatient & {
      readonly do: 'setSharingPreference';
      readonly preference: 'allow' | 'deny' | 'require-verification';
      /** `match`: as the actor would truthfully say (patient, practice or organisation). */
      readonly setBy: 'patient' | 'practice' | 'organisation' | 'match';
      /** Absent: the preference for all organisations. */
      readonly org?: OrgRef;
      /** Seconds from now until the preference lapses; absent: no end. */
      readonly untilSeconds?: number;
    })
  | (OnPatient & { readonly do: 'clearSharingPreference'; readonly org?: OrgRef })
  | (OnOrg & { readonly do: 'recordInPersonAnswer'; readonly answer: 'consent' | 'dissent' })
  | (OnOrg & { readonly do: 'recordSharingOutConsent'; readonly answer: 'consent' | 'dissent' })
  | { [K in PlainPair]: OnOrg & { readonly do: K } }[PlainPair]
  | (OnOrg & { readonly do: 'startCare'; readonly selfClaimed?: boolean; readonly reason?: string })
  | (OnPatient & { readonly do: 'referCare'; readonly from: OrgRef; readonly to: OrgRef })
  | (OnOrg & {
      readonly do: 'requestAccess';
      readonly purpose: 'TREAT' | 'ETREAT';
      readonly justification?: Justification;
    })
  /** `right`: the code the patient was sent for this organisation, as read from the messages. */
  | (OnOrg & { readonly do: 'enterCode'; readonly code: string })
  | (OnPatient & {
      readonly do: 'recordContactDetails';
      readonly contact: 'mobile' | 'other-mobile' | 'email' | 'both';
    })
  | (OnPatient & { readonly do: 'enrolPortal' })
  | (OnPatient & {
      readonly do: 'changeHomeArea';
      readonly area: 'leicestershire' | 'cornwall' | 'cumbria';
    })
  | {
      [K in ListCommand]: {
        readonly do: K;
        readonly practice: PracticeKey;
        readonly org: OrgRef;
      };
    }[ListCommand]
  | {
      readonly do: 'registerOrganisation';
      readonly kind: 'hospital' | 'gp-practice';
      readonly area: 'leicestershire' | 'cornwall';
    }
  | { readonly do: 'closeOrganisation'; readonly org: OrgRef }
  | {
      readonly do: 'registerPatient';
      /** An NHS number already registered (Alice's, Bob's) or a fresh one. */
      readonly nhs: 'alice' | 'bob' | 'fresh';
      readonly practice: PracticeKey;
      readonly bornInFuture: boolean;
    }
  | {
      readonly do: 'reviewAlert';
      /** Index into every alert so far, modulo their number (-1: the latest). */
      readonly alert: number;
      readonly outcome: 'appropriate' | 'inappropriate';
    };

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
