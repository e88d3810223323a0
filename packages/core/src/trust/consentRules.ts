import * as E from 'fp-ts/lib/Either.js';
import { decideAccess } from '../access/policy/decideAccess.js';
import type { AccessDecision } from '../access/policy/decision.js';
import type { AccessFacts, AccessPolicy } from '../access/policy/facts.js';
import type { Actor } from '../eventStore/envelope.js';
import type { PatientState } from '../patient/state.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import type { ConsentAnswer, Preference, PreferenceSetter } from '../sharing/codecs.js';
import type { SharingState } from '../sharing/state.js';
import { actsFor, isPatient, isPracticeOf, isStaffOf, speaksForPatient } from './actors.js';

type Registered = Extract<PatientState, { status: 'registered' }>;
type Check = E.Either<ConsentryError, void>;

/** A change to the patient's sharing choices, as the trust rules see it. */
export type SharingChange =
  | {
      readonly kind: 'preference';
      readonly organisationId?: string;
      readonly preference: Preference;
      readonly setBy: PreferenceSetter;
    }
  | { readonly kind: 'clear-preference'; readonly organisationId?: string }
  | { readonly kind: 'sharing-in'; readonly organisationId: string; readonly answer: ConsentAnswer }
  | { readonly kind: 'withdraw'; readonly organisationId: string };

const ok: Check = E.right(undefined);
const refuse = (message: string, decision?: AccessDecision): Check =>
  E.left(
    consentryError('NotPermitted', decision === undefined ? { message } : { message, decision }),
  );

/**
 * Would the change lift a "no" that stands: a `deny` preference (for this organisation or for
 * all) or a sharing-in dissent? Whoever recorded the no, only the patient or their registered
 * practice may lift it (docs/domain.md, "The patient's no stands").
 */
export const liftsNo = (sharing: SharingState, change: SharingChange): boolean => {
  switch (change.kind) {
    case 'preference':
      return change.preference !== 'deny' && deniesNow(sharing, change.organisationId);
    case 'clear-preference': {
      const entry =
        change.organisationId === undefined
          ? sharing.preferenceForAll
          : sharing.preferences[change.organisationId];
      return entry?.preference === 'deny';
    }
    case 'sharing-in':
      return (
        change.answer === 'consent' &&
        sharing.sharingIn[change.organisationId]?.answer === 'dissent'
      );
    case 'withdraw':
      return false;
  }
};

/** Is a `deny` the preference that applies to this organisation (or to all, when none is named)? */
const deniesNow = (sharing: SharingState, organisationId: string | undefined): boolean => {
  const own = organisationId === undefined ? undefined : sharing.preferences[organisationId];
  return (own ?? sharing.preferenceForAll)?.preference === 'deny';
};

/** Permits that already rest on the patient's own choice: recording that choice again changes nothing. */
const ON_PATIENTS_CHOICE: ReadonlySet<string> = new Set(['patient-consent', 'sharing-in-consent']);

/**
 * An organisation's own "yes" (in person, or an `allow` for itself) only where the leaflet lets
 * it ask in person: the decision for it now, open emergency windows left out, is `ask-patient`,
 * or already a permit on the patient's own choice. Otherwise `NotPermitted` with that decision.
 */
export const ownConsentAllowed = (
  facts: AccessFacts,
  organisationId: string,
  now: Date,
  policy: AccessPolicy,
): Check => {
  const decision = decideAccess(
    facts,
    { organisationId, purpose: 'TREAT', now, ignoreEmergencyWindows: true },
    policy,
  );
  if (decision.outcome === 'ask-patient') return ok;
  if (decision.outcome === 'permit' && ON_PATIENTS_CHOICE.has(decision.basis)) return ok;
  const why =
    decision.outcome === 'verify'
      ? 'the patient must give a verification code or approve online'
      : decision.outcome === 'deny'
        ? `the decision is deny (${decision.reason})`
        : `the decision is a permit on ${decision.outcome === 'permit' ? decision.basis : ''}`;
  return refuse(
    `An organisation may record its own consent only where it may ask the patient in person: ${why}`,
    decision,
  );
};

/** `setBy` must name who is acting: the patient, their practice, or an organisation's staff. */
const setterMatches = (actor: Actor, patient: Registered, setBy: PreferenceSetter): boolean =>
  setBy === 'patient'
    ? isPatient(actor, patient)
    : setBy === 'practice'
      ? isPracticeOf(actor, patient)
      : actor.organisationId !== undefined && actsFor(actor, actor.organisationId);

/** A "no" may be recorded by anyone acting for an organisation (and by the patient or practice). */
const mayRecordNo = (actor: Actor): boolean =>
  actor.organisationId !== undefined && actsFor(actor, actor.organisationId);

const recordingNo = (actor: Actor): Check =>
  mayRecordNo(actor) ? ok : refuse('Only someone acting for an organisation may do this');

/** An organisation's own preference: a no for anyone; otherwise only for itself, a yes only where it may ask. */
const preferenceByOrganisation = (
  actor: Actor,
  facts: AccessFacts,
  change: Extract<SharingChange, { kind: 'preference' }>,
  now: Date,
  policy: AccessPolicy,
): Check => {
  if (change.preference === 'deny') return recordingNo(actor);
  if (change.organisationId === undefined)
    return refuse('An organisation may never set a preference for all organisations');
  if (!isStaffOf(actor, change.organisationId))
    return refuse('An organisation may set a preference only for itself');
  return change.preference === 'allow'
    ? ownConsentAllowed(facts, change.organisationId, now, policy)
    : ok;
};

/** An organisation acting on its own behalf (not the patient, not their practice). */
const organisationChange = (
  actor: Actor,
  facts: AccessFacts,
  change: SharingChange,
  now: Date,
  policy: AccessPolicy,
): Check => {
  switch (change.kind) {
    case 'preference':
      return preferenceByOrganisation(actor, facts, change, now, policy);
    case 'sharing-in':
      if (change.answer === 'dissent') return recordingNo(actor);
      return isStaffOf(actor, change.organisationId)
        ? ownConsentAllowed(facts, change.organisationId, now, policy)
        : refuse("Only the organisation's own staff may record the patient's answer given there");
    case 'withdraw':
      return actsFor(actor, change.organisationId)
        ? ok
        : refuse('Only the patient, their practice or that organisation may withdraw its consent');
    case 'clear-preference':
      return refuse(
        "Only the patient or their registered practice may clear the patient's choices",
      );
  }
};

/**
 * May `actor` make `change` to the patient's sharing, on the state `facts` was read at? Made on
 * each attempt's fresh read, inside the retry, never before it (docs/facade-api.md, "Who may act").
 */
export const maySetSharing = (
  actor: Actor,
  facts: AccessFacts & { readonly patient: Registered },
  change: SharingChange,
  now: Date,
  policy: AccessPolicy,
): Check => {
  const patient = facts.patient;
  if (change.kind === 'preference' && !setterMatches(actor, patient, change.setBy))
    return refuse(`setBy ${change.setBy} does not match who is acting`);
  if (speaksForPatient(actor, patient)) return ok;
  if (liftsNo(facts.record.sharing, change))
    return refuse("Only the patient or their registered practice may lift the patient's no");
  return organisationChange(actor, facts, change, now, policy);
};

/**
 * A "no" in force for the organisation (a sharing-in dissent, or an effective `deny`
 * preference), as `NotPermitted` carrying the decision: a code entered after the patient
 * said no does not lift it. Undefined when no "no" stands.
 */
export const noStandsFor = (
  facts: AccessFacts,
  now: Date,
  policy: AccessPolicy,
): Extract<ConsentryError, { _tag: 'NotPermitted' }> | undefined => {
  const organisationId =
    facts.organisation.status === 'unregistered' ? '' : facts.organisation.organisationId;
  const decision = decideAccess(
    facts,
    { organisationId, purpose: 'TREAT', now, ignoreEmergencyWindows: true },
    policy,
  );
  return decision.outcome === 'deny' && decision.reason === 'patient-dissent'
    ? {
        _tag: 'NotPermitted',
        message: 'The patient has said no to this organisation since the code was sent',
        decision,
      }
    : undefined;
};
