import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../eventStore/envelope.js';
import { activeRelationship, type CareState } from '../consentRecord/care/state.js';
import type { PatientState } from '../patient/state.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import {
  describeActor,
  isFeedOf,
  isPatient,
  isPracticeOf,
  isStaffOf,
  speaksForPatient,
} from './actors.js';

/**
 * Who may run each command: the actor × command table of docs/facade-api.md. Checks that
 * depend on the access decision (an organisation's own "yes", lifting a "no") are in
 * consentRules.ts; both run on each attempt's fresh state.
 */
type Registered = Extract<PatientState, { status: 'registered' }>;
export type Check = E.Either<ConsentryError, void>;

const ok: Check = E.right(undefined);
export const refuse = (message: string): Check =>
  E.left(consentryError('NotPermitted', { message }));
const when = (allowed: boolean, actor: Actor, what: string): Check =>
  allowed ? ok : refuse(`A ${describeActor(actor)} may not ${what}`);

/** Registering or closing an organisation, or changing its area: the embedding host alone. */
export const mayKeepDirectory = (actor: Actor): Check =>
  when(actor.kind === 'system', actor, 'register or close organisations');

/** A patient is registered by the host, or by staff of the practice they register with. */
export const mayRegisterPatient = (actor: Actor, practiceId: string): Check =>
  when(
    actor.kind === 'system' ||
      (actor.kind === 'practice-staff' && actor.organisationId === practiceId),
    actor,
    `register patients at ${practiceId}`,
  );

/** The Allowed and Prohibited lists are the practice's own: its staff keep them. */
export const mayKeepPracticeLists = (actor: Actor, practiceId: string): Check =>
  when(
    actor.kind === 'practice-staff' && actor.organisationId === practiceId,
    actor,
    `keep the lists of ${practiceId}`,
  );

/** Contact details and portal enrolment: the patient, or their registered practice. */
export const mayChangePatientDetails = (actor: Actor, patient: Registered): Check =>
  when(speaksForPatient(actor, patient), actor, "change the patient's details");

/** Erasing personal data (docs/personal-data.md): the patient's practice, or the embedding host. */
export const mayErasePersonalData = (actor: Actor, patient: Registered): Check =>
  when(
    actor.kind === 'system' ||
      (actor.kind === 'practice-staff' && actor.organisationId === patient.practiceId),
    actor,
    "erase the patient's personal data",
  );

/**
 * A new home area changes which organisations are local: the patient, or their practice for
 * them. Never an organisation, which could move the patient into its own area to get ask-patient.
 */
export const mayChangeHomeArea = (actor: Actor, patient: Registered): Check =>
  when(speaksForPatient(actor, patient), actor, "change the patient's home area");

/** A change of registered practice is recorded by staff of the new practice (an alert is raised). */
export const mayChangePractice = (actor: Actor, practiceId: string): Check =>
  when(
    actor.kind === 'practice-staff' && actor.organisationId === practiceId,
    actor,
    `register the patient at ${practiceId}`,
  );

/** Deregistration and death: the registered practice, or the embedding host (as it registers patients). */
export const mayCloseRecord = (actor: Actor, patient: Registered): Check =>
  when(
    actor.kind === 'system' || isPracticeOf(actor, patient),
    actor,
    'record a deregistration or a death',
  );

/**
 * Whether the patient is told when their time-limited consents end: the patient, or their
 * practice for them (a proxy with manage-sharing passes as the patient, trust/proxyRules.ts).
 * Nobody else: an organisation must not be able to stop the patient being told.
 */
export const mayChooseEndNotices = (actor: Actor, patient: Registered): Check =>
  when(
    speaksForPatient(actor, patient),
    actor,
    'choose whether the patient is told when consents end',
  );

/** The maintenance sweep that records the notices of consents and proxies that ended: the embedding host alone. */
export const mayRunMaintenance = (actor: Actor): Check =>
  when(actor.kind === 'system', actor, 'run maintenance');

/** Asking for access, entering the code, opening the record: a person working at the organisation. */
export const mayActAt = (actor: Actor, organisationId: string): Check =>
  when(isStaffOf(actor, organisationId), actor, `act for ${organisationId}`);

/** A code is sent again for the organisation's staff, or for the patient. */
export const mayResendCode = (actor: Actor, patient: Registered, organisationId: string): Check =>
  when(
    isStaffOf(actor, organisationId) || isPatient(actor, patient),
    actor,
    'have the code sent again',
  );

/** Approving or refusing a pending request online: the patient, or their practice for them. */
export const mayAnswerOnline = (actor: Actor, patient: Registered): Check =>
  when(speaksForPatient(actor, patient), actor, "answer the patient's pending requests");

/** Whether entries recorded at an organisation may go out: the patient's choice, or their practice's for them. */
export const mayRecordSharingOut = (actor: Actor, patient: Registered): Check =>
  when(speaksForPatient(actor, patient), actor, 'record what may be shared out');

/** Which sensitive labels an organisation may see: the patient's own consent, or their practice's for them. */
export const mayConsentToLabel = (actor: Actor, patient: Registered): Check =>
  when(speaksForPatient(actor, patient), actor, 'consent to showing sensitive entries');

/**
 * A care relationship says where it came from: the organisation's own system feed (no alert),
 * or its staff claiming it by hand with a reason (alert). Staff never start an unflagged one.
 */
export const mayStartCare = (actor: Actor, organisationId: string, selfClaimed: boolean): Check => {
  if (isFeedOf(actor, organisationId))
    return selfClaimed ? refuse("An organisation's system feed does not self-claim care") : ok;
  if (!isStaffOf(actor, organisationId))
    return refuse(`Only ${organisationId}'s own staff or system feed may start its care`);
  return selfClaimed
    ? ok
    : refuse(
        'Staff start a care relationship only as a self-claim with a reason (it raises an alert), or by referral',
      );
};

/**
 * A referral: staff of `from` refer the patient to `to`. `from` is the registered practice, or
 * has an active care relationship of its own that is not a self-claim still awaiting review.
 */
export const mayReferCare = (
  actor: Actor,
  patient: Registered,
  care: CareState,
  from: string,
  to: string,
): Check => {
  if (from === to) return refuse('An organisation cannot refer a patient to itself');
  if (!isStaffOf(actor, from)) return refuse(`Only ${from}'s staff may refer from ${from}`);
  if (from === patient.practiceId) return ok;
  const own = activeRelationship(care, from);
  if (own === undefined) return refuse(`${from} has no active care relationship to refer from`);
  if (own.selfClaimed && own.review !== 'appropriate')
    return refuse(
      `${from}'s own care relationship is a self-claim ${own.review === undefined ? 'not yet reviewed' : 'found inappropriate'}`,
    );
  return ok;
};

/** A care relationship ends at the organisation's word, the patient's or their practice's. */
export const mayEndCare = (actor: Actor, patient: Registered, organisationId: string): Check =>
  when(
    isStaffOf(actor, organisationId) ||
      isFeedOf(actor, organisationId) ||
      speaksForPatient(actor, patient),
    actor,
    `end ${organisationId}'s care relationship`,
  );

/** The person reviewing an alert, as the alert names who raised it. */
export interface AlertParties {
  readonly organisationId: string;
  readonly raisedBy: Actor;
}

/**
 * Alerts are reviewed by a privacy officer of the organisation whose staff caused them, or of
 * the patient's registered practice; never by the person who caused them.
 */
export const mayReviewAlert = (actor: Actor, alert: AlertParties, patient: Registered): Check => {
  if (actor.kind !== 'privacy-officer') return refuse('Only a privacy officer may review alerts');
  if (actor.organisationId !== alert.organisationId && actor.organisationId !== patient.practiceId)
    return refuse(
      "A privacy officer reviews alerts of their own organisation or of the patient's practice",
    );
  // The person, whichever organisation they act for today.
  if (actor.id === alert.raisedBy.id) return refuse('Nobody reviews an alert they caused');
  return ok;
};
