import fc from 'fast-check';
import { changeOfMind } from './trustChoices.js';
import {
  actor,
  actorStep,
  patient,
  shortWait,
  step,
  type ActorStep,
  type Step,
} from './trustSteps.js';
import { JUSTIFICATIONS, ORG_KEYS, type ActorKey, type OrgKey } from './trustWorld.js';

/**
 * Random sequences for the trust property: ordinary steps (trustSteps.ts), and episodes of a
 * few steps that belong together, so that sequences reach the deep states (a code sent and
 * entered, a request answered online, an answer given in person, the patient changing their
 * mind around what an organisation did) and not only the refusals at the door.
 */
const hospital = fc.constantFrom<OrgKey>('decided', 'local', 'far', 'otherPractice');

/**
 * A few steps that belong together, so that random sequences reach the deep states (a code
 * sent and entered, a request approved online, an answer given in person) and not only the
 * refusals at the door. Every step is still an ordinary step, by whoever the episode names.
 */
/** Mostly a privacy officer (of any organisation), sometimes anyone. */
const reviewer: fc.Arbitrary<ActorKey> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<ActorKey>(...ORG_KEYS.map((o): ActorKey => `privacy-officer:${o}`)),
  },
  { weight: 1, arbitrary: actor },
);

const episode: fc.Arbitrary<readonly Step[]> = fc.oneof(
  { weight: 6, arbitrary: step.map((s) => [s]) },
  // The same new NHS number registered through two hosts at once: one patient at most.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom<ActorKey>('system', 'practice-staff:practice', 'organisation-staff:local'),
        fc.constantFrom<ActorKey>(
          'system',
          'practice-staff:practice',
          'practice-staff:otherPractice',
        ),
      )
      .map(([a, b]): Step[] => {
        const register = (as: ActorKey): ActorStep => ({
          as,
          do: 'registerPatient',
          nhs: 'fresh',
          practice: 'practice',
          bornInFuture: false,
        });
        return [{ do: 'together', steps: [register(a), register(b)] }];
      }),
  },
  // Two commands at once, through two hosts.
  {
    weight: 1,
    arbitrary: fc
      .tuple(actorStep, actorStep)
      .map(([a, b]): Step[] => [{ do: 'together', steps: [a, b] }]),
  },
  // The organisation's feed records care; its staff ask; someone answers with a code.
  {
    weight: 2,
    arbitrary: fc
      .record({
        org: hospital,
        patient,
        wait: fc.option(shortWait, { nil: undefined }),
        code: fc.oneof(
          { weight: 4, arbitrary: fc.constant('right') },
          { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{6}$/) },
        ),
        by: fc.oneof(
          { weight: 3, arbitrary: fc.constant<'own' | ActorKey>('own') },
          { weight: 1, arbitrary: actor },
        ),
      })
      .map(({ org, patient: p, wait, code, by }): Step[] => [
        { as: `organisation-system:${org}`, do: 'startCare', patient: p, org: 'own' },
        {
          as: `organisation-staff:${org}`,
          do: 'requestAccess',
          patient: p,
          org: 'own',
          purpose: 'TREAT',
        },
        ...(wait === undefined ? [] : [{ do: 'wait' as const, seconds: wait }]),
        {
          as: by === 'own' ? `organisation-staff:${org}` : by,
          do: 'enterCode',
          patient: p,
          org,
          code,
        },
      ]),
  },
  // A request answered online, by the patient, their practice or anyone else.
  {
    weight: 1,
    arbitrary: fc
      .record({
        org: hospital,
        patient,
        by: actor,
        answer: fc.constantFrom('approveOnline' as const, 'refuseOnline' as const),
      })
      .map(({ org, patient: p, by, answer }): Step[] => [
        { as: `organisation-system:${org}`, do: 'startCare', patient: p, org: 'own' },
        {
          as: `organisation-staff:${org}`,
          do: 'requestAccess',
          patient: p,
          org: 'own',
          purpose: 'TREAT',
        },
        { as: by, do: answer, patient: p, org },
      ]),
  },
  // An emergency, then the record opened, and someone reviews the alert it raised.
  {
    weight: 1,
    arbitrary: fc
      .record({
        org: hospital,
        patient,
        justification: fc.constantFrom(...JUSTIFICATIONS),
        reviewer,
        outcome: fc.constantFrom('appropriate' as const, 'inappropriate' as const),
      })
      .map(({ org, patient: p, justification, reviewer, outcome }): Step[] => [
        {
          as: `organisation-staff:${org}`,
          do: 'requestAccess',
          patient: p,
          org: 'own',
          purpose: 'ETREAT',
          justification,
        },
        { as: `organisation-staff:${org}`, do: 'viewRecord', patient: p, org: 'own' },
        { as: reviewer, do: 'reviewAlert', alert: -1, outcome },
      ]),
  },
  // Staff claim care by hand (an alert a privacy officer reviews), or a referral brings it.
  {
    weight: 1,
    arbitrary: fc
      .record({
        org: hospital,
        patient,
        referrer: fc.constantFrom<ActorKey>(
          'practice-staff:practice',
          'practice-staff:otherPractice',
          'organisation-staff:local',
          'organisation-staff:decided',
        ),
        reviewer,
      })
      .map(({ org, patient: p, referrer, reviewer }): Step[] => [
        {
          as: `organisation-staff:${org}`,
          do: 'startCare',
          patient: p,
          org: 'own',
          selfClaimed: true,
          reason: 'Walked in',
        },
        { as: reviewer, do: 'reviewAlert', alert: -1, outcome: 'appropriate' },
        { as: referrer, do: 'referCare', patient: p, from: 'own', to: org },
      ]),
  },
  // Care, then an answer recorded "in person" by the organisation's staff or anyone else.
  {
    weight: 2,
    arbitrary: fc
      .record({
        org: hospital,
        patient,
        by: fc.oneof(
          { weight: 2, arbitrary: fc.constant<'own' | ActorKey>('own') },
          { weight: 1, arbitrary: actor },
        ),
        answer: fc.constantFrom('consent' as const, 'dissent' as const),
        how: fc.constantFrom('in-person' as const, 'allow' as const),
      })
      .map(({ org, patient: p, by, answer: a, how }): Step[] => {
        const as: ActorKey = by === 'own' ? `organisation-staff:${org}` : by;
        return [
          { as: `organisation-system:${org}`, do: 'startCare', patient: p, org: 'own' },
          how === 'in-person'
            ? { as, do: 'recordInPersonAnswer', patient: p, org, answer: a }
            : {
                as,
                do: 'setSharingPreference',
                patient: p,
                org,
                preference: a === 'consent' ? 'allow' : 'deny',
                setBy: 'match',
              },
        ];
      }),
  },
);

export const steps = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc
    .array(fc.oneof({ weight: 4, arbitrary: episode }, { weight: 1, arbitrary: changeOfMind }), {
      minLength: options.minLength ?? 1,
      maxLength: options.maxLength ?? 6,
    })
    .map((episodes) => episodes.flat());
