import * as E from 'fp-ts/lib/Either.js';
import { decideAccess } from '../consentRecord/access/rules/decideAccess.js';
import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import type { AccessFacts, AccessPolicy } from '../consentRecord/access/rules/facts.js';
import type { Actor } from '../eventStore/envelope.js';
import type { PatientState } from '../patient/state.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import type {
  ConsentAnswer,
  Preference,
  PreferenceSetter,
} from '../consentRecord/sharing/codecs.js';
import type { PreferenceEntry, SharingState } from '../consentRecord/sharing/state.js';
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
      readonly until?: string;
    }
  | { readonly kind: 'clear-preference'; readonly organisationId?: string }
  | { readonly kind: 'sharing-in'; readonly organisationId: string; readonly answer: ConsentAnswer }
  | { readonly kind: 'withdraw'; readonly organisationId: string };

const refuse = (message: string, decision?: AccessDecision): Check =>
  E.left(
    consentryError('NotPermitted', decision === undefined ? { message } : { message, decision }),
  );

/**
 * Would the change lift a "no" that stands: a `deny` preference (for this organisation or for
 * all) not yet expired, or a sharing-in dissent? Whoever recorded the no, only the patient or
 * their registered practice may lift it (docs/domain.md, "The patient's no stands"), now or
 * later: a no is never replaced by a shorter one, nor masked by a preference for one
 * organisation that outlives it.
 */
export const liftsNo = (sharing: SharingState, change: SharingChange, now: Date): boolean => {
  switch (change.kind) {
    case 'preference':
      return change.preference === 'deny'
        ? shortensDeny(slotOf(sharing, change.organisationId), change.until)
        : standingDeny(slotOf(sharing, change.organisationId), now) ||
            standingDeny(sharing.preferenceForAll, now);
    case 'clear-preference':
      return standingDeny(slotOf(sharing, change.organisationId), now);
    case 'sharing-in':
      return (
        change.answer === 'consent' &&
        sharing.sharingIn[change.organisationId]?.answer === 'dissent'
      );
    case 'withdraw':
      return false;
  }
};

const slotOf = (
  sharing: SharingState,
  organisationId: string | undefined,
): PreferenceEntry | undefined =>
  organisationId === undefined ? sharing.preferenceForAll : sharing.preferences[organisationId];

/** A `deny` not yet past its `until`. */
const standingDeny = (entry: PreferenceEntry | undefined, now: Date): boolean =>
  entry?.preference === 'deny' &&
  (entry.until === undefined || Date.parse(entry.until) > now.getTime());

/** A `deny` replacing a standing `deny` in the same slot but ending sooner lifts the no when it ends. */
const shortensDeny = (held: PreferenceEntry | undefined, until: string | undefined): boolean => {
  if (held?.preference !== 'deny' || until === undefined) return false;
  return held.until === undefined || Date.parse(until) < Date.parse(held.until);
};

/** Permits that already rest on the patient's own choice: recording that choice again changes nothing. */
const ON_PATIENTS_CHOICE: ReadonlySet<string> = new Set(['patient-consent', 'sharing-in-consent']);

/**
 * What a permitted change does: `record` it, or, for an organisation's own "yes" where the
 * patient's own choice already permits, `nothing` (accepted, nothing appended: recording it
 * again must change nothing, so it never becomes a per-organisation allow or a standing
 * consent that outlives the patient's later choice).
 */
export type SharingVerdict = 'record' | 'nothing';
type Verdict = E.Either<ConsentryError, SharingVerdict>;
const record: Verdict = E.right('record');
const nothing: Verdict = E.right('nothing');
const refused = (message: string, decision?: AccessDecision): Verdict =>
  E.map((): SharingVerdict => 'record')(refuse(message, decision));

/**
 * An organisation's own "yes" (in person, or an `allow` for itself) only where the leaflet lets
 * it ask in person: the decision for it now, open emergency windows left out, is `ask-patient`,
 * or already a permit on the patient's own choice (then nothing is recorded). Otherwise
 * `NotPermitted` with that decision.
 */
export const ownConsentAllowed = (
  facts: AccessFacts,
  organisationId: string,
  now: Date,
  policy: AccessPolicy,
): Verdict => {
  const decision = decideAccess(
    facts,
    { organisationId, purpose: 'TREAT', now, ignoreEmergencyWindows: true },
    policy,
  );
  if (decision.outcome === 'ask-patient') return record;
  if (decision.outcome === 'permit' && ON_PATIENTS_CHOICE.has(decision.basis)) return nothing;
  const why =
    decision.outcome === 'verify'
      ? 'the patient must give a verification code or approve online'
      : decision.outcome === 'deny'
        ? `the decision is deny (${decision.reason})`
        : `the decision is a permit on ${decision.outcome === 'permit' ? decision.basis : ''}`;
  return refused(
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

const recordingNo = (actor: Actor): Verdict =>
  mayRecordNo(actor) ? record : refused('Only someone acting for an organisation may do this');

/** An organisation's own preference: a no for anyone; otherwise only for itself, a yes only where it may ask. */
const preferenceByOrganisation = (
  actor: Actor,
  facts: AccessFacts,
  change: Extract<SharingChange, { kind: 'preference' }>,
  now: Date,
  policy: AccessPolicy,
): Verdict => {
  if (change.preference === 'deny') return recordingNo(actor);
  if (change.organisationId === undefined)
    return refused('An organisation may never set a preference for all organisations');
  if (!isStaffOf(actor, change.organisationId))
    return refused('An organisation may set a preference only for itself');
  return change.preference === 'allow'
    ? ownConsentAllowed(facts, change.organisationId, now, policy)
    : record;
};

/** An organisation acting on its own behalf (not the patient, not their practice). */
const organisationChange = (
  actor: Actor,
  facts: AccessFacts,
  change: SharingChange,
  now: Date,
  policy: AccessPolicy,
): Verdict => {
  switch (change.kind) {
    case 'preference':
      return preferenceByOrganisation(actor, facts, change, now, policy);
    case 'sharing-in':
      if (change.answer === 'dissent') return recordingNo(actor);
      return isStaffOf(actor, change.organisationId)
        ? ownConsentAllowed(facts, change.organisationId, now, policy)
        : refused("Only the organisation's own staff may record the patient's answer given there");
    case 'withdraw':
      return actsFor(actor, change.organisationId)
        ? record
        : refused('Only the patient, their practice or that organisation may withdraw its consent');
    case 'clear-preference':
      return refused(
        "Only the patient or their registered practice may clear the patient's choices",
      );
  }
};

/**
 * May `actor` make `change` to the patient's sharing, on the state `facts` was read at, and does
 * it record anything? Made on each attempt's fresh read, inside the retry, never before it
 * (docs/facade-api.md, "Who may act").
 */
export const maySetSharing = (
  actor: Actor,
  facts: AccessFacts & { readonly patient: Registered },
  change: SharingChange,
  now: Date,
  policy: AccessPolicy,
): Verdict => {
  const patient = facts.patient;
  if (change.kind === 'preference' && !setterMatches(actor, patient, change.setBy))
    return refused(`setBy ${change.setBy} does not match who is acting`);
  if (speaksForPatient(actor, patient)) return record;
  if (liftsNo(facts.record.sharing, change, now))
    return refused(
      "Only the patient or their registered practice may lift the patient's no",
      facts.organisation.status === 'unregistered'
        ? undefined
        : decideAccess(
            facts,
            {
              organisationId: facts.organisation.organisationId,
              purpose: 'TREAT',
              now,
              ignoreEmergencyWindows: true,
            },
            policy,
          ),
    );
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
