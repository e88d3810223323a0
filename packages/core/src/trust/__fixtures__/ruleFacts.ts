import type { AccessPolicy } from '../../consentRecord/access/rules/facts.js';
import {
  FAR,
  LOCAL,
  NOW,
  PATIENT,
  PRACTICE,
  ev,
  factsFor,
  registeredPatient,
  withMobile,
} from '../../consentRecord/access/rules/__fixtures__/facts.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import type { Actor } from '../../eventStore/envelope.js';
import type { PatientState } from '../../patient/state.js';

/**
 * Given-state builders for the unit specs of the trust rules: Alice (registered at the
 * Leicestershire practice, with a mobile), a local hospital and a Cornwall one, as in the
 * access policy's own fixtures (consentRecord/access/rules/__fixtures__/facts.ts).
 */
export { FAR, LOCAL, NOW, PATIENT, PRACTICE, ev };
export const OTHER_PRACTICE = 'oadby-practice';
export const policy: AccessPolicy = { emergencyWindowHours: 24, emergencyOverridesDissent: true };

export type Registered = Extract<PatientState, { status: 'registered' }>;
export const alice = registeredPatient([withMobile]) as Registered;

/** The facts about `organisationId` after this consent history, with Alice registered. */
export const given = (organisationId: string, history: readonly ConsentRecordEvent[] = []) => ({
  ...factsFor(organisationId, history),
  patient: alice,
});

export const actors = {
  alice: { kind: 'patient', id: PATIENT },
  bob: { kind: 'patient', id: 'bob' },
  practiceStaff: { kind: 'practice-staff', id: 'pm', organisationId: PRACTICE },
  otherPracticeStaff: { kind: 'practice-staff', id: 'pm2', organisationId: OTHER_PRACTICE },
  practiceOfficer: { kind: 'privacy-officer', id: 'po-gp', organisationId: PRACTICE },
  localStaff: { kind: 'organisation-staff', id: 'clin', organisationId: LOCAL },
  localFeed: { kind: 'organisation-system', id: 'feed', organisationId: LOCAL },
  localOfficer: { kind: 'privacy-officer', id: 'po', organisationId: LOCAL },
  farStaff: { kind: 'organisation-staff', id: 'clin-far', organisationId: FAR },
  farFeed: { kind: 'organisation-system', id: 'feed-far', organisationId: FAR },
  farOfficer: { kind: 'privacy-officer', id: 'po-far', organisationId: FAR },
  auditor: { kind: 'auditor', id: 'audit' },
  system: { kind: 'system', id: 'host' },
} satisfies Record<string, Actor>;

/** A preference set by the patient, for one organisation or (none named) for all. */
export const preference = (
  choice: 'allow' | 'deny' | 'require-verification',
  organisationId?: string,
  until?: string,
): ConsentRecordEvent => ev.preference(choice, organisationId, until);

/** A privacy officer's review of a self-claimed relationship started with `ev.care(org, true)`. */
export const reviewed = (organisationId: string): ConsentRecordEvent =>
  ({
    type: 'CareRelationshipReviewed',
    data: {
      patientId: PATIENT,
      relationshipId: `care-${organisationId}`,
      organisationId,
      outcome: 'appropriate',
    },
  }) as unknown as ConsentRecordEvent;

export const inHours = (hours: number): string =>
  new Date(NOW.getTime() + hours * 3_600_000).toISOString();
