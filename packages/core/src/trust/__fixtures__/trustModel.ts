import {
  actorKind,
  actorOrg,
  ORGANISATIONS,
  PATIENTS,
  type ActorKey,
  type OrgKey,
  type PatientKey,
  type PracticeKey,
} from './trustWorld.js';

/**
 * The shadow model of the trust property: what an organisation may LEGITIMATELY rest a permit
 * on. It is kept by the test from the commands that succeeded and who issued them, and never
 * asks core's trust functions anything. Writes that are not legitimate grounds (an
 * organisation's own "yes" where it could not ask in person, a code nobody was sent, an actor
 * weakening the patient's "no") are left out, so the model's decision is the decision the
 * patient's and practice's own choices support. Core may permit only where this model permits.
 */
type Preference = 'allow' | 'deny' | 'require-verification';
interface PreferenceEntry {
  readonly preference: Preference;
  /** Epoch ms; undefined: no end. */
  readonly until?: number;
}
type Answer = 'consent' | 'dissent';

interface PatientModel {
  /** Moved only by the patient or their practice: an organisation moving them proves nothing. */
  homeArea: string;
  forAll?: PreferenceEntry;
  readonly perOrg: Partial<Record<OrgKey, PreferenceEntry>>;
  readonly sharingIn: Partial<Record<OrgKey, Answer>>;
  readonly care: Set<OrgKey>;
  /** Emergency windows opened by the organisation's own staff with a real justification. */
  readonly emergencyUntil: Partial<Record<OrgKey, number>>;
}

export interface TrustModel {
  readonly patients: Record<PatientKey, PatientModel>;
  /** The Allowed / Prohibited lists, as the practice's own staff kept them. */
  readonly lists: Record<PracticeKey, Partial<Record<OrgKey, 'allowed' | 'prohibited'>>>;
}

export const EMERGENCY_WINDOW_MS = 24 * 3_600_000;

const noChoices = () => ({
  perOrg: {},
  sharingIn: {},
  care: new Set<OrgKey>(),
  emergencyUntil: {},
});

export const initialModel = (): TrustModel => ({
  patients: {
    alice: { homeArea: PATIENTS.alice.homeArea, ...noChoices() },
    bob: { homeArea: PATIENTS.bob.homeArea, ...noChoices() },
  },
  lists: { practice: {}, otherPractice: {} },
});

/** The patient themselves, or staff of their registered practice speaking for them. */
export const speaksFor = (actor: ActorKey, patient: PatientKey): boolean =>
  actor === `patient:${patient}` || actor === `practice-staff:${PATIENTS[patient].practice}`;

/** A person working at the organisation (not its feed, not its privacy officer). */
export const isStaffAt = (actor: ActorKey, org: OrgKey): boolean =>
  actorOrg(actor) === org &&
  (actorKind(actor) === 'organisation-staff' || actorKind(actor) === 'practice-staff');

const active = (entry: PreferenceEntry | undefined, now: number): PreferenceEntry | undefined =>
  entry !== undefined && (entry.until === undefined || entry.until > now) ? entry : undefined;

const effective = (m: PatientModel, org: OrgKey, now: number): PreferenceEntry | undefined =>
  active(m.perOrg[org], now) ?? active(m.forAll, now);

export type ModelDecision =
  | 'permit:registered-practice'
  | 'permit:emergency'
  | 'permit:sharing-in-consent'
  | 'permit:patient-consent'
  | 'ask-patient'
  | 'verify'
  | 'deny';

/** Rule 6 over the model: a standing answer, then the preference against local-or-Allowed. */
const choices = (
  model: TrustModel,
  patient: PatientKey,
  org: OrgKey,
  now: number,
): ModelDecision => {
  const m = model.patients[patient];
  const preference = effective(m, org, now)?.preference;
  const answer = m.sharingIn[org];
  if (answer === 'dissent' || preference === 'deny') return 'deny';
  if (answer === 'consent') return 'permit:sharing-in-consent';
  if (preference === 'allow') return 'permit:patient-consent';
  const near =
    ORGANISATIONS[org].area === m.homeArea ||
    model.lists[PATIENTS[patient].practice][org] === 'allowed';
  return preference === undefined && near ? 'ask-patient' : 'verify';
};

/** The access rules of docs/domain.md, written again from the docs over the model's state. */
export const modelDecision = (
  model: TrustModel,
  patient: PatientKey,
  org: OrgKey,
  now: number,
  ignoreEmergencyWindows = false,
): ModelDecision => {
  const m = model.patients[patient];
  const practice = PATIENTS[patient].practice;
  if (org === practice) return 'permit:registered-practice';
  if (!ignoreEmergencyWindows && (m.emergencyUntil[org] ?? 0) > now) return 'permit:emergency';
  if (!m.care.has(org) || model.lists[practice][org] === 'prohibited') return 'deny';
  return choices(model, patient, org, now);
};

/** Where the organisation may ask the patient in person (open emergency windows left out). */
export const mayAskInPerson = (
  model: TrustModel,
  patient: PatientKey,
  org: OrgKey,
  now: number,
): boolean => modelDecision(model, patient, org, now, true) === 'ask-patient';

/** The patient's "no" for the organisation: a sharing-in dissent or an effective deny. */
const noStands = (m: PatientModel, org: OrgKey, now: number): boolean =>
  m.sharingIn[org] === 'dissent' || effective(m, org, now)?.preference === 'deny';

/** When an entry that is a deny now stops being one (Infinity: never); undefined if not a deny. */
const denyEnds = (entry: PreferenceEntry | undefined, now: number): number | undefined => {
  const held = active(entry, now);
  return held?.preference === 'deny' ? (held.until ?? Infinity) : undefined;
};
const atLeastAsLongDeny = (entry: PreferenceEntry, ends: number): boolean =>
  entry.preference === 'deny' && (entry.until ?? Infinity) >= ends;

/** The result of a step, as the model hears it: which command succeeded, with what input. */
export type Applied =
  | {
      readonly do: 'setSharingPreference';
      readonly patient: PatientKey;
      readonly org?: OrgKey;
      readonly entry: PreferenceEntry;
    }
  | { readonly do: 'clearSharingPreference'; readonly patient: PatientKey; readonly org?: OrgKey }
  | {
      readonly do: 'sharingIn';
      readonly patient: PatientKey;
      readonly org: OrgKey;
      readonly answer: Answer;
      /** A consent's legitimacy as the step runner saw it (the code it entered, who approved). */
      readonly by: 'in-person' | 'right-code' | 'wrong-code' | 'online';
    }
  | { readonly do: 'withdrawConsent'; readonly patient: PatientKey; readonly org: OrgKey }
  | {
      readonly do: 'care';
      readonly patient: PatientKey;
      readonly org: OrgKey;
      readonly on: boolean;
    }
  | {
      readonly do: 'emergency';
      readonly patient: PatientKey;
      readonly org: OrgKey;
      readonly meaningful: boolean;
    }
  | { readonly do: 'homeArea'; readonly patient: PatientKey; readonly area: string }
  | {
      readonly do: 'list';
      readonly practice: PracticeKey;
      readonly org: OrgKey;
      readonly entry: 'allowed' | 'prohibited' | undefined;
    };

/** A preference set by someone who does not speak for the patient: never weakens a "no". */
const preferenceByOther = (
  model: TrustModel,
  actor: ActorKey,
  change: Extract<Applied, { do: 'setSharingPreference' }>,
  now: number,
): void => {
  const m = model.patients[change.patient];
  const { org, entry } = change;
  const slotDeny =
    org === undefined ? denyEnds(m.forAll, now) : denyEnds(effective(m, org, now), now);
  if (slotDeny !== undefined && !atLeastAsLongDeny(entry, slotDeny)) return;
  if (entry.preference === 'allow') {
    // An organisation's own yes only where it could have asked the patient in person.
    if (org === undefined || !isStaffAt(actor, org)) return;
    if (!mayAskInPerson(model, change.patient, org, now)) return;
  }
  if (org === undefined) m.forAll = entry;
  else m.perOrg[org] = entry;
};

const sharingIn = (
  model: TrustModel,
  actor: ActorKey,
  change: Extract<Applied, { do: 'sharingIn' }>,
  now: number,
): void => {
  const m = model.patients[change.patient];
  const { org } = change;
  if (change.answer === 'dissent') {
    m.sharingIn[org] = 'dissent';
    return;
  }
  const legitimate =
    change.by === 'online'
      ? speaksFor(actor, change.patient)
      : change.by === 'right-code'
        ? !noStands(m, org, now)
        : change.by === 'in-person'
          ? speaksFor(actor, change.patient) ||
            (isStaffAt(actor, org) && mayAskInPerson(model, change.patient, org, now))
          : false;
  if (legitimate) m.sharingIn[org] = 'consent';
};

type Fold<K extends Applied['do']> = (
  model: TrustModel,
  actor: ActorKey,
  change: Extract<Applied, { do: K }>,
  now: number,
) => void;

const FOLDS: { [K in Applied['do']]: Fold<K> } = {
  setSharingPreference: (model, actor, change, now) => {
    if (!speaksFor(actor, change.patient)) return preferenceByOther(model, actor, change, now);
    const m = model.patients[change.patient];
    if (change.org === undefined) m.forAll = change.entry;
    else m.perOrg[change.org] = change.entry;
  },
  clearSharingPreference: (model, actor, change) => {
    // Only the patient or their practice may clear the patient's choices.
    if (!speaksFor(actor, change.patient)) return;
    const m = model.patients[change.patient];
    if (change.org === undefined) delete m.forAll;
    else delete m.perOrg[change.org];
  },
  sharingIn,
  withdrawConsent: (model, _, change) => {
    const m = model.patients[change.patient];
    if (m.sharingIn[change.org] === 'consent') delete m.sharingIn[change.org];
  },
  care: (model, _, change) => {
    const care = model.patients[change.patient].care;
    if (change.on) care.add(change.org);
    else care.delete(change.org);
  },
  emergency: (model, actor, change, now) => {
    if (!change.meaningful || !isStaffAt(actor, change.org)) return;
    model.patients[change.patient].emergencyUntil[change.org] = now + EMERGENCY_WINDOW_MS;
  },
  homeArea: (model, actor, change) => {
    if (speaksFor(actor, change.patient)) model.patients[change.patient].homeArea = change.area;
  },
  list: (model, actor, change) => {
    // The lists are the practice's own: nobody else's change is a ground.
    if (actor !== `practice-staff:${change.practice}`) return;
    const lists = model.lists[change.practice];
    if (change.entry === undefined) delete lists[change.org];
    else lists[change.org] = change.entry;
  },
};

/** Folds one successful command into the model. */
export const applyToModel = (
  model: TrustModel,
  actor: ActorKey,
  change: Applied,
  now: number,
): void => (FOLDS[change.do] as Fold<Applied['do']>)(model, actor, change, now);

/** A printable view of what the model holds for one patient (for failure messages). */
export const describeModel = (model: TrustModel, patient: PatientKey, now: number): string => {
  const m = model.patients[patient];
  const at = (ms: number | undefined) =>
    ms === undefined ? '∞' : ms === Infinity ? '∞' : new Date(ms).toISOString();
  return JSON.stringify({
    now: new Date(now).toISOString(),
    forAll: m.forAll && { ...m.forAll, until: at(m.forAll.until) },
    perOrg: Object.fromEntries(
      Object.entries(m.perOrg).map(([k, v]) => [k, { ...v, until: at(v.until) }]),
    ),
    sharingIn: m.sharingIn,
    care: [...m.care],
    emergencyUntil: Object.fromEntries(
      Object.entries(m.emergencyUntil).map(([k, v]) => [k, at(v)]),
    ),
    lists: model.lists[PATIENTS[patient].practice],
  });
};
