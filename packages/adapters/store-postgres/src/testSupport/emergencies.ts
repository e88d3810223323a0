import * as E from 'fp-ts/lib/Either.js';
import type { Consentry } from '@consentry/core';
import { nhsNumberOf, practiceStaffOf, staffOf, system } from './consentryHost.js';

export const PRACTICE = 'leic-practice';
export const HOSPITAL = 'far-hospital';

export const must = async <A>(task: () => Promise<E.Either<{ _tag: string }, A>>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`setup failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

export const patientId = (n: number): string => `patient-${n}`;
/** The patient's mobile as written, and as the notifier receives it (E.164). */
export const mobileOf = (n: number): string => `07700 9${String(n).padStart(5, '0')}`;
export const e164Of = (n: number): string => `+4477009${String(n).padStart(5, '0')}`;

/** A practice, a distant hospital, and `count` patients of the practice with a mobile each. */
export const seedPatients = async (consentry: Consentry, count: number): Promise<void> => {
  await must(
    consentry.registerOrganisation(
      {
        organisationId: PRACTICE,
        odsCode: 'C84001',
        name: 'Leicester Practice',
        kind: 'gp-practice',
        area: 'leicestershire',
      },
      system,
    ),
  );
  await must(
    consentry.registerOrganisation(
      {
        organisationId: HOSPITAL,
        odsCode: 'RXX01',
        name: 'Cumbria Hospital',
        kind: 'hospital',
        area: 'cumbria',
      },
      system,
    ),
  );
  for (let n = 0; n < count; n++) {
    await must(
      consentry.registerPatient(
        {
          patientId: patientId(n),
          nhsNumber: nhsNumberOf(n),
          name: `Patient ${n}`,
          dateOfBirth: '1980-02-03',
          homeArea: 'leicestershire',
          practiceId: PRACTICE,
        },
        system,
      ),
    );
    await must(
      consentry.recordContactDetails(
        { patientId: patientId(n), mobile: mobileOf(n) },
        practiceStaffOf(PRACTICE),
      ),
    );
  }
};

/** The distant hospital opens patient `n`'s record in an emergency. */
export const emergency = (consentry: Consentry, n: number) =>
  consentry.requestAccess(
    {
      patientId: patientId(n),
      organisationId: HOSPITAL,
      purpose: 'ETREAT',
      justification: 'Unconscious in A&E',
    },
    staffOf(HOSPITAL),
  );
