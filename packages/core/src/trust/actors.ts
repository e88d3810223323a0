import type { Actor } from '../eventStore/envelope.js';
import type { PatientState } from '../patient/state.js';

/**
 * Who an actor speaks for. Every check in `trust/` is built from these few questions, so
 * the table in docs/facade-api.md reads the same as the code.
 */
type Registered = Extract<PatientState, { status: 'registered' }>;

/** A person working at the organisation: its clinicians and administrators (not its privacy officer). */
export const isStaffOf = (actor: Actor, organisationId: string): boolean =>
  (actor.kind === 'organisation-staff' || actor.kind === 'practice-staff') &&
  actor.organisationId === organisationId;

/** The organisation's own system feed (admissions, bookings): acts for that one organisation. */
export const isFeedOf = (actor: Actor, organisationId: string): boolean =>
  actor.kind === 'organisation-system' && actor.organisationId === organisationId;

/** Anyone who may act for the organisation: its staff, its system feed or its privacy officer. */
export const actsFor = (actor: Actor, organisationId: string): boolean =>
  isStaffOf(actor, organisationId) ||
  isFeedOf(actor, organisationId) ||
  (actor.kind === 'privacy-officer' && actor.organisationId === organisationId);

export const isPatient = (actor: Actor, patient: Registered): boolean =>
  actor.kind === 'patient' && actor.id === patient.patientId;

/** Staff of the patient's registered practice. */
export const isPracticeOf = (actor: Actor, patient: Registered): boolean =>
  actor.kind === 'practice-staff' && actor.organisationId === patient.practiceId;

/** The patient, or their registered practice speaking for them: the only ones who may lift a "no". */
export const speaksForPatient = (actor: Actor, patient: Registered): boolean =>
  isPatient(actor, patient) || isPracticeOf(actor, patient);

/** How an actor is named in a refusal: never more than the kind and organisation. */
export const describeActor = (actor: Actor): string =>
  actor.organisationId === undefined ? actor.kind : `${actor.kind} of ${actor.organisationId}`;
