import { expectRight } from '@consentry/core/testing';
import type { Consentry } from '@consentry/core';
import { nhsNumberOf, practiceStaffOf, staffOf, system } from './consentryHost.js';

export const PRACTICE = 'leic-practice';
export const HOSPITAL = 'far-hospital';

export const patientId = (n: number): string => `patient-${n}`;
/** The patient's mobile as written, and as the notifier receives it (E.164). */
export const mobileOf = (n: number): string => `07700 9${String(n).padStart(5, '0')}`;
export const e164Of = (n: number): string => `+4477009${String(n).padStart(5, '0')}`;

/** A practice, a distant hospital, and `count` patients of the practice with a mobile each. */
export const seedPatients = async (consentry: Consentry, count: number): Promise<void> => {
  await expectRight(
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
  await expectRight(
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
    await expectRight(
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
    await expectRight(
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
