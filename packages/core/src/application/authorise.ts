import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../eventStore/envelope.js';
import type { PatientState } from '../patient/state.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';

/**
 * Who may do what (docs/facade-api.md has the table). Deliberately simple: the embedding
 * system authenticates; Consentry checks that the actor speaks for the right party.
 */
type Check = E.Either<ConsentryError, void>;

const ok: Check = E.right(undefined);
const refuse = (message: string): Check => E.left(consentryError('NotPermitted', { message }));

const isStaffOf = (actor: Actor, organisationId: string): boolean =>
  (actor.kind === 'organisation-staff' || actor.kind === 'practice-staff') &&
  actor.organisationId === organisationId;

export const asSystemOrPracticeStaff = (actor: Actor): Check =>
  actor.kind === 'system' || actor.kind === 'practice-staff'
    ? ok
    : refuse('Only practice staff or the system may do this');

/** The patient themself, staff of their registered practice, or the system. */
export const forPatient = (actor: Actor, patient: PatientState): Check => {
  if (actor.kind === 'system') return ok;
  if (patient.status !== 'registered') return ok; // the caller reports UnknownPatient
  if (actor.kind === 'patient' && actor.id === patient.patientId) return ok;
  if (actor.kind === 'practice-staff' && actor.organisationId === patient.practiceId) return ok;
  return refuse("Only the patient or their practice may change the patient's choices");
};

/** Staff of the organisation named in the command, or the system. */
export const forOrganisation = (actor: Actor, organisationId: string): Check =>
  actor.kind === 'system' || isStaffOf(actor, organisationId)
    ? ok
    : refuse(`Only staff of ${organisationId} may do this`);

export const eitherOf = (...checks: readonly Check[]): Check =>
  checks.some(E.isRight) ? ok : (checks[0] ?? ok);

/** Staff of the practice that keeps the lists, or the system. */
export const forPracticeStaff = (actor: Actor, practiceId: string): Check =>
  actor.kind === 'system' ||
  (actor.kind === 'practice-staff' && actor.organisationId === practiceId)
    ? ok
    : refuse(`Only staff of the practice ${practiceId} may keep its lists`);
