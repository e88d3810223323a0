import { decideAccess } from '../consentRecord/access/rules/decideAccess.js';
import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import type { AccessPolicy } from '../consentRecord/access/rules/facts.js';
import { initialConsentRecord } from '../consentRecord/state.js';
import type { OrganisationState } from '../organisation/state.js';
import type { PatientState } from '../patient/state.js';
import type { PreferenceEntry, SharingInEntry } from '../consentRecord/sharing/state.js';
import type { History } from './history.js';

type Known = Exclude<OrganisationState, { status: 'unregistered' }>;
type Registered = Extract<PatientState, { status: 'registered' }>;

export interface OrganisationDecision {
  readonly organisation: Known;
  readonly decision: AccessDecision;
}

/** The choices in force at an instant, with expired preferences left out. */
export interface ChoicesInForce {
  readonly preferenceForAll?: PreferenceEntry;
  readonly preferences: Readonly<Record<string, PreferenceEntry>>;
  readonly sharingIn: Readonly<Record<string, SharingInEntry>>;
  readonly sharingOut: Readonly<Record<string, string>>;
  /** Organisation id → whether the relationship was self-claimed. */
  readonly care: Readonly<Record<string, { readonly selfClaimed: boolean }>>;
  /** Emergency windows still open: organisation id → until. */
  readonly emergencies: Readonly<Record<string, string>>;
  /** The registered practice's Allowed / Prohibited entries. */
  readonly practiceLists: Readonly<Record<string, string>>;
}

export interface AccessAsOf {
  readonly at: Date;
  readonly patient: Registered;
  /** Every organisation registered by then, in id order, with the TREAT decision at `at`. */
  readonly decisions: readonly OrganisationDecision[];
  readonly choices: ChoicesInForce;
}

const unexpired = (entry: PreferenceEntry | undefined, at: Date): entry is PreferenceEntry =>
  entry !== undefined &&
  (entry.until === undefined || new Date(entry.until).getTime() > at.getTime());

/**
 * Who could see the patient's record at `at`, and why: the access policy run for every
 * organisation over the history folded up to `at` (see `historyAsOf`). Undefined when the
 * patient was not registered by then.
 */
export const accessAsOf = (
  history: History,
  patientId: string,
  at: Date,
  policy: AccessPolicy,
): AccessAsOf | undefined => {
  const patient = history.patients.get(patientId);
  if (patient === undefined || patient.status !== 'registered') return undefined;
  const record = history.records.get(patientId) ?? initialConsentRecord();
  const practiceLists = history.practiceLists.get(patient.practiceId) ?? { entries: {} };
  const decisions = [...history.organisations.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([organisationId, organisation]) =>
      organisation.status === 'unregistered'
        ? []
        : [
            {
              organisation,
              decision: decideAccess(
                { organisation, patient, practiceLists, record },
                { organisationId, purpose: 'TREAT', now: at },
                policy,
              ),
            },
          ],
    );
  const { sharing, care, access } = record;
  const preferences = Object.fromEntries(
    Object.entries(sharing.preferences).filter(([, p]) => unexpired(p, at)),
  );
  const emergencies = Object.fromEntries(
    Object.values(access.emergencies)
      .filter((e) => new Date(e.until).getTime() > at.getTime())
      .map((e) => [e.organisationId, e.until] as const),
  );
  const choices: ChoicesInForce = {
    ...(unexpired(sharing.preferenceForAll, at)
      ? { preferenceForAll: sharing.preferenceForAll }
      : {}),
    preferences,
    // A time-limited consent past its end is no longer in force (docs/record-as-shared.md).
    sharingIn: Object.fromEntries(
      Object.entries(sharing.sharingIn).filter(
        ([, e]) => e.until === undefined || new Date(e.until).getTime() > at.getTime(),
      ),
    ),
    sharingOut: sharing.sharingOut,
    care: Object.fromEntries(
      Object.entries(care.activeByOrganisation).map(([organisationId, id]) => [
        organisationId,
        { selfClaimed: care.relationships[id]?.selfClaimed ?? false },
      ]),
    ),
    emergencies,
    practiceLists: practiceLists.entries,
  };
  return { at, patient, decisions, choices };
};
