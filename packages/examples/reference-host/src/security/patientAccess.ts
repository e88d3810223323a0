import type { PatientDetails } from '@consentry/core';
import type { Principal } from './principal.js';

/**
 * How a signed-in person may stand to a patient:
 * - `self`: the patient themselves;
 * - `practice`: staff of the patient's registered practice (the data controller);
 * - `organisation`: staff of any organisation, acting for their own organisation only;
 * - `privacy-officer`: reviews alerts and reads histories across organisations.
 */
export type PatientRelation = 'self' | 'practice' | 'organisation' | 'privacy-officer';

export const relationTo = (
  principal: Principal,
  patient: PatientDetails,
): PatientRelation | null => {
  switch (principal.kind) {
    case 'patient':
      return principal.patientId === patient.patientId ? 'self' : null;
    case 'practice-staff':
      return principal.organisationId === patient.practiceId ? 'practice' : null;
    case 'organisation-staff':
      return 'organisation';
    case 'privacy-officer':
      return 'privacy-officer';
  }
};

/** True when the principal stands in one of the allowed relations to this patient. */
export const mayActFor = (
  principal: Principal,
  patient: PatientDetails,
  allowed: readonly PatientRelation[],
): boolean => {
  const relation = relationTo(principal, patient);
  return relation !== null && allowed.includes(relation);
};

/** The actor recorded on events: who did it, and for which organisation. */
export const actorOf = (principal: Principal) => {
  switch (principal.kind) {
    case 'patient':
      return { kind: 'patient' as const, id: principal.patientId };
    case 'practice-staff':
      return {
        kind: 'practice-staff' as const,
        id: principal.accountId,
        organisationId: principal.organisationId,
      };
    case 'organisation-staff':
      return {
        kind: 'organisation-staff' as const,
        id: principal.accountId,
        organisationId: principal.organisationId,
      };
    case 'privacy-officer':
      return { kind: 'system' as const, id: `privacy-officer:${principal.accountId}` };
  }
};
