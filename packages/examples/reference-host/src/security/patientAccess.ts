import type { CommandContext, PatientDetails } from '@consentry/core';
import type { Principal } from '../host/principal.js';

/**
 * How a signed-in person may stand to a patient:
 * - `self`: the patient themselves;
 * - `practice`: staff of the patient's registered practice (the data controller);
 * - `organisation`: staff of any organisation, acting for their own organisation only;
 * - `privacy-officer`: reviews alerts and reads histories across organisations;
 * - `auditor`: reads histories and refused attempts; never changes anything.
 */
export type PatientRelation = 'self' | 'practice' | 'organisation' | 'privacy-officer' | 'auditor';

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
    case 'auditor':
      return 'auditor';
    // A proxy acts only through its own pages (web/proxyPages.ts), each checked by core.
    case 'proxy':
      return null;
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

/**
 * The actor recorded on events, as core's trust rules see it (docs/reference-host.md,
 * "Security model"). Every signed-in person maps to a person's kind with their own
 * organisation: no person is ever core's `system`, which only the host's own set-up uses.
 */
export const actorOf = (principal: Principal): CommandContext['actor'] => {
  switch (principal.kind) {
    case 'patient':
      return { kind: 'patient', id: principal.patientId };
    case 'practice-staff':
    case 'organisation-staff':
    case 'privacy-officer':
      return {
        kind: principal.kind,
        id: principal.accountId,
        organisationId: principal.organisationId,
      };
    case 'auditor':
      return { kind: 'auditor', id: principal.accountId };
    case 'proxy':
      return { kind: 'proxy', id: principal.proxyId, forPatientId: principal.patientId };
  }
};
