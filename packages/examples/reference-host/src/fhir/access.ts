import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Consentry, PatientDetails } from '@consentry/core';
import { mayActFor, type PatientRelation } from '../security/patientAccess.js';
import type { Principal } from '../host/principal.js';
import { fromConsentryError, type FhirFailure } from './outcome.js';

/** Who may read a patient's choices and their access audit: as /api/v1's sharing summary and access history. */
export const readers = ['patient', 'practice-staff', 'privacy-officer', 'auditor'] as const;
export const readRelations: readonly PatientRelation[] = [
  'self',
  'practice',
  'privacy-officer',
  'auditor',
];

/**
 * The patient with this NHS number if the principal may act for them in one of `relations`;
 * `undefined` for a patient that does not exist and for one the caller may not act for alike,
 * so that nobody learns who is registered.
 */
export const patientFor = (
  consentry: Consentry,
  principal: Principal,
  nhsNumber: string,
  relations: readonly PatientRelation[],
): TE.TaskEither<FhirFailure, PatientDetails | undefined> =>
  pipe(
    consentry.findPatientByNhsNumber({ nhsNumber }),
    TE.map((patient): PatientDetails | undefined =>
      mayActFor(principal, patient, relations) ? patient : undefined,
    ),
    TE.orElse((error) =>
      error._tag === 'UnknownPatient' || error._tag === 'InvalidInput'
        ? TE.right(undefined)
        : TE.left(fromConsentryError(error)),
    ),
  );

/** The same, from the internal id a resource's event names. */
export const patientById = (
  consentry: Consentry,
  principal: Principal,
  patientId: string,
  relations: readonly PatientRelation[],
): TE.TaskEither<FhirFailure, PatientDetails | undefined> =>
  pipe(
    consentry.patient({ patientId }),
    TE.map((patient): PatientDetails | undefined =>
      mayActFor(principal, patient, relations) ? patient : undefined,
    ),
    TE.orElse((error) =>
      error._tag === 'UnknownPatient' ? TE.right(undefined) : TE.left(fromConsentryError(error)),
    ),
  );
