import fc from 'fast-check';
import { patient, shortWait, type ActorStep, type Step } from './trustSteps.js';
import type { ActorKey, OrgKey, PatientKey } from './trustWorld.js';

/**
 * Episodes about one patient and one organisation with care: the patient (or their practice)
 * changes their mind, the organisation's staff act (a yes of their own, a no with an end, a
 * code the patient reads out), time passes, in any order. Where an organisation could turn the
 * patient's passing choice into its own lasting access, these are the sequences that show it.
 */
const patientOrPractice = (p: PatientKey): fc.Arbitrary<ActorKey> =>
  fc.constantFrom<ActorKey>(
    `patient:${p}`,
    p === 'alice' ? 'practice-staff:practice' : 'practice-staff:otherPractice',
  );

/** A choice the patient (or their practice) makes, for one organisation or for all, maybe for a while. */
const patientChoice = (p: PatientKey, org: OrgKey): fc.Arbitrary<readonly ActorStep[]> =>
  fc
    .record({
      as: patientOrPractice(p),
      forAll: fc.boolean(),
      preference: fc.constantFrom(
        'allow' as const,
        'deny' as const,
        'require-verification' as const,
        'clear' as const,
      ),
      untilSeconds: fc.option(shortWait, { nil: undefined }),
    })
    .map(({ as, forAll, preference, untilSeconds }): ActorStep[] => {
      const target = forAll ? {} : { org };
      const until = untilSeconds === undefined ? {} : { untilSeconds };
      return [
        preference === 'clear'
          ? { as, do: 'clearSharingPreference', patient: p, ...target }
          : {
              as,
              do: 'setSharingPreference',
              patient: p,
              preference,
              setBy: 'match',
              ...target,
              ...until,
            },
      ];
    });

/** What an organisation's staff may try around the patient's choices: a yes, or a no with an end. */
const organisationAct = (p: PatientKey, org: OrgKey): fc.Arbitrary<readonly ActorStep[]> => {
  const as: ActorKey = `organisation-staff:${org}`;
  return fc.oneof(
    fc.constant<ActorStep[]>([
      { as, do: 'recordInPersonAnswer', patient: p, org: 'own', answer: 'consent' },
    ]),
    fc.option(shortWait, { nil: undefined }).map((untilSeconds): ActorStep[] => [
      {
        as,
        do: 'setSharingPreference',
        patient: p,
        org: 'own',
        preference: 'allow',
        setBy: 'match',
        ...(untilSeconds === undefined ? {} : { untilSeconds }),
      },
    ]),
    fc
      .record({
        forAll: fc.boolean(),
        untilSeconds: fc.option(shortWait, { nil: undefined }),
        preference: fc.constantFrom('deny' as const, 'require-verification' as const),
      })
      .map(({ forAll, untilSeconds, preference }): ActorStep[] => [
        {
          as,
          do: 'setSharingPreference',
          patient: p,
          ...(forAll ? {} : { org: 'own' as const }),
          preference,
          setBy: 'match',
          ...(untilSeconds === undefined ? {} : { untilSeconds }),
        },
      ]),
    // The organisation asks for a code, which the patient reads out.
    fc.constant<ActorStep[]>([
      { as, do: 'requestAccess', patient: p, org: 'own', purpose: 'TREAT' },
      { as, do: 'enterCode', patient: p, org: 'own', code: 'right' },
    ]),
  );
};

/**
 * The patient changes their mind, the organisation acts, time passes, in any order, all about
 * one patient and one organisation that has care.
 */
export const changeOfMind: fc.Arbitrary<readonly Step[]> = fc
  .tuple(fc.constantFrom<OrgKey>('decided', 'local', 'far'), patient)
  .chain(([org, p]) =>
    fc
      .array(
        fc.oneof(
          patientChoice(p, org),
          organisationAct(p, org),
          shortWait.map((seconds): Step[] => [{ do: 'wait', seconds }]),
          // The patient's choice and the organisation's act at the same moment, on two hosts.
          fc
            .tuple(patientChoice(p, org), organisationAct(p, org), fc.boolean())
            .map(([[choice], [act], swap]): Step[] => [
              { do: 'together', steps: swap ? [act!, choice!] : [choice!, act!] },
            ]),
        ),
        { minLength: 2, maxLength: 6 },
      )
      .map((moves): Step[] => [
        { as: `organisation-system:${org}`, do: 'startCare', patient: p, org: 'own' },
        ...moves.flat(),
      ]),
  );
