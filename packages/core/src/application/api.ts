import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import type { EventStore } from '../eventStore/port.js';
import type { Notifier } from '../notification/port.js';
import type { OrganisationId } from '../organisation/codecs.js';
import type { PatientId } from '../patient/codecs.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Keyring } from '../shared/keyring.js';
import type { ErasePersonalDataInput } from './inputs.js';
import type { SharedEntries } from '../record/visibility.js';
import type { ConsentryPolicy } from './policy.js';
import type { ConsentryError } from '../shared/errors.js';
import type * as I from './inputs.js';
import type * as PI from '../consentRecord/proxy/inputs.js';
import type * as NI from '../consentRecord/endNotices/inputs.js';
import type { CommandContext, InputOf } from './inputs.js';
import type * as R from './results.js';

export type { ConsentryError } from '../shared/errors.js';
export type {
  AccessDecision,
  RuleStep,
  ChallengeSummary,
} from '../consentRecord/access/rules/decision.js';
export type * from './results.js';
export type { CommandContext } from './inputs.js';

export type { ConsentryDeps, NotificationDelivery } from './deps.js';
import type { ConsentryDeps } from './deps.js';

type Command<C extends import('io-ts').Any, A> = (
  input: InputOf<C>,
  context: CommandContext,
) => TE.TaskEither<ConsentryError, A>;
type Query<C extends import('io-ts').Any, A> = (
  input: InputOf<C>,
) => TE.TaskEither<ConsentryError, A>;

/** The application facade: every way to change or read Consentry state. */
export interface Consentry {
  /** Registers an organisation (ODS code, kind, area); returns its id. */
  readonly registerOrganisation: Command<
    typeof I.RegisterOrganisationInput,
    R.Receipt & { readonly organisationId: OrganisationId }
  >;
  /** Closes an organisation: every later access check denies `unknown-organisation`. */
  readonly closeOrganisation: Command<typeof I.CloseOrganisationInput, R.Receipt>;
  /** Registers a patient with their registered practice; the NHS number must pass modulus 11 and be new. */
  readonly registerPatient: Command<
    typeof I.RegisterPatientInput,
    R.Receipt & { readonly patientId: PatientId }
  >;
  /** Records a UK mobile and/or e-mail and the preferred channel for codes (replaces the previous details). */
  readonly recordContactDetails: Command<typeof I.RecordContactDetailsInput, R.Receipt>;
  /** Enrols the patient in the online portal (approval requests then reach them there). */
  readonly enrolPortal: Command<typeof I.EnrolPortalInput, R.Receipt>;
  /** Practice staff put an organisation on the practice's Allowed list (no code needed, rule table column 1). */
  readonly allowOrganisation: Command<typeof I.PracticeListInput, R.Receipt>;
  /** Practice staff put an organisation on the Prohibited list (never views, except emergency). */
  readonly prohibitOrganisation: Command<typeof I.PracticeListInput, R.Receipt>;
  /** Takes an organisation off both practice lists. */
  readonly removeFromPracticeLists: Command<typeof I.PracticeListInput, R.Receipt>;
  /** Sets the patient's preference for one organisation or (no organisationId) for all. */
  readonly setSharingPreference: Command<typeof I.SetSharingPreferenceInput, R.Receipt>;
  /** Clears a preference (back to "not asked"). */
  readonly clearSharingPreference: Command<typeof I.ClearSharingPreferenceInput, R.Receipt>;
  /** Records whether entries recorded at an organisation may be shown to others. */
  readonly recordSharingOutConsent: Command<typeof I.RecordSharingOutConsentInput, R.Receipt>;
  /**
   * Starts a care relationship: from the organisation's system feed (`organisation-system`
   * actor, no alert), or claimed by its staff (`selfClaimed: true` with a reason: an alert).
   */
  readonly startCare: Command<typeof I.StartCareInput, R.Receipt>;
  /** Staff of `from` (the registered practice, or an organisation caring for the patient) refer the patient to `to`. */
  readonly referCare: Command<typeof I.ReferCareInput, R.Receipt>;
  /** Ends the active care relationship. */
  readonly endCare: Command<typeof I.EndCareInput, R.Receipt>;
  /** An organisation asks to view the record: decides (docs/domain.md), records the request and its outcome, issues a challenge on `verify`, opens the emergency window on `ETREAT`. */
  readonly requestAccess: Command<typeof I.RequestAccessInput, R.AccessResult>;
  /** The code the patient read out; a match records sharing-in consent and permits `verified-code`. */
  readonly enterCode: Command<typeof I.EnterCodeInput, R.AccessResult>;
  /** Sends the same code again (same challenge, same expiry). */
  readonly resendCode: Command<
    typeof I.PatientOrganisationInput,
    R.Receipt & {
      readonly challenge: import('../consentRecord/access/rules/decision.js').ChallengeSummary;
    }
  >;
  /** The patient approves the pending request in the portal: sharing-in consent, permit `approved-online`. */
  readonly approveOnline: Command<typeof I.ApproveOnlineInput, R.AccessResult>;
  /** The patient refuses the pending request in the portal: sharing-in dissent, deny `patient-dissent`. */
  readonly refuseOnline: Command<typeof I.PatientOrganisationInput, R.AccessResult>;
  /** Organisation staff record the answer the patient gave in person (rule 8). */
  readonly recordInPersonAnswer: Command<typeof I.RecordInPersonAnswerInput, R.Receipt>;
  /** Ends a standing sharing-in consent; the organisation is back to the table. No-op when none stands. */
  readonly withdrawConsent: Command<typeof I.PatientOrganisationInput, R.Receipt>;
  /** The organisation opens the record; allowed only on a current permit (else `NotPermitted` with the decision). */
  readonly viewRecord: Command<
    typeof I.PatientOrganisationInput,
    R.Receipt & { readonly decision: AccessDecision }
  >;
  /** The registered practice, or the patient with capacity, grants (or changes) a proxy (docs/facade-api.md, "Proxies"). */
  readonly grantProxy: Command<typeof PI.GrantProxyInput, R.Receipt>;
  /** The practice, or the patient with capacity, revokes a proxy; revoking again changes nothing. */
  readonly revokeProxy: Command<typeof PI.RevokeProxyInput, R.Receipt>;
  /** The registered practice records whether the patient lacks capacity. */
  readonly recordCapacity: Command<typeof PI.RecordCapacityInput, R.Receipt>;
  /** Where codes go: the patient, a proxy with receive-codes, or both. */
  readonly chooseCodesRecipient: Command<typeof PI.ChooseCodesRecipientInput, R.Receipt>;
  /** Whether the patient is told when their time-limited consents end (the patient, their practice, or a proxy with manage-sharing). */
  readonly chooseEndNotices: Command<typeof NI.ChooseEndNoticesInput, R.Receipt>;
  /**
   * The host's daily sweep (actor `system`): records each time-limited consent that has ended
   * (where the patient asked to be told) and each proxy grant that ended, once; the reactor
   * turns each into one message. Idempotent. Decisions never depend on it having run.
   */
  readonly runMaintenance: Command<typeof NI.RunMaintenanceInput, NI.MaintenanceReport>;
  /** Whether the patient is told when their time-limited consents end, as it stands. */
  readonly endNotices: Query<typeof I.PatientQueryInput, NI.EndNoticesView>;
  /** The patient's proxies, in force now or not (and why), capacity and where codes go. */
  readonly proxies: Query<typeof I.PatientQueryInput, R.ProxiesView>;
  /** The patient (or their practice) agrees that entries with a sensitive label may be shown to one organisation. */
  readonly consentToLabel: Command<typeof I.ConsentToLabelInput, R.Receipt>;
  /**
   * Erases the patient's contact details, or all personal data (docs/personal-data.md): the
   * practice or the host, with a `reason` in the context. Needs a `keyVault`.
   */
  readonly erasePersonalData: Command<typeof ErasePersonalDataInput, R.Receipt>;
  /** A privacy officer reviews an emergency-access or self-claimed-relationship alert. */
  readonly reviewAlert: Command<typeof I.ReviewAlertInput, R.Receipt>;

  /** The access decision now, from current state, appending nothing. */
  readonly checkAccess: Query<typeof I.CheckAccessInput, AccessDecision>;
  /** The patient, or their practice, records a new home area (which organisations are local). */
  readonly changeHomeArea: Command<typeof I.ChangeHomeAreaInput, R.Receipt>;
  /** Staff of the new practice register the patient there; the patient is told, the old practice alerted. */
  readonly changePractice: Command<typeof I.ChangePracticeInput, R.Receipt>;
  /** The practice (or the host) records that the patient left its list: no new access but the practice's. */
  readonly deregister: Command<typeof I.PatientQueryInput, R.Receipt>;
  /** The practice (or the host) records the patient's death: no new access but the practice's; history stays. */
  readonly recordDeath: Command<typeof I.PatientQueryInput, R.Receipt>;
  /** Which of the record's entries (metadata the record's system passes) the organisation sees now, and why others are withheld. */
  readonly sharedEntries: Query<typeof I.SharedEntriesInput, SharedEntries>;
  /** The patient's preferences, consents, care relationships and who can see the record now. */
  readonly sharingSummary: Query<typeof I.PatientQueryInput, R.SharingSummary>;
  /** Who opened the record, when and on what basis, plus refused attempts. */
  readonly accessHistory: Query<typeof I.PatientQueryInput, R.AccessHistory>;
  /** Commands the trust rules refused about the patient: who, when, why (for auditors). */
  readonly refusedCommands: Query<typeof I.PatientQueryInput, readonly R.RefusedCommand[]>;
  /** The organisation's challenges that are neither used, locked nor expired. */
  readonly openChallenges: Query<typeof I.OrganisationQueryInput, readonly R.OpenChallenge[]>;
  /** Privacy-officer alerts (emergency access, self-claimed relationships); `open` by default. */
  readonly alerts: Query<typeof I.AlertsQueryInput, readonly R.Alert[]>;
  /** The patient with this NHS number (spaces allowed), or `UnknownPatient`. */
  readonly findPatientByNhsNumber: Query<typeof I.NhsNumberQueryInput, R.PatientDetails>;
  /** A patient's registration, contact details and portal enrolment. */
  readonly patient: Query<typeof I.PatientQueryInput, R.PatientDetails>;
  /** One organisation (active or closed), or `UnknownOrganisation`. */
  readonly organisation: Query<typeof I.OrganisationQueryInput, R.OrganisationDetails>;
  /** Every registered organisation, in registration order. */
  readonly organisations: () => TE.TaskEither<ConsentryError, readonly R.OrganisationDetails[]>;
  /** A practice's Allowed and Prohibited lists. */
  readonly practiceLists: Query<typeof I.OrganisationQueryInput, R.PracticeListsView>;
}

/** What createConsentry needs; see `ConsentryDeps`. */
export type CreateConsentry = (deps: ConsentryDeps) => Consentry;
export type { ConsentryPolicy, EventStore, Notifier, Clock, IdGenerator, Keyring };
