/*
 * The views the read models answer with (docs/facade-api.md, "Queries"): owned by the
 * projections that build them; application/results.ts re-exports them for the facade.
 */
import type {
  Purpose,
  PermitBasis,
  DenyReason,
  RequestId,
} from '../consentRecord/access/codecs.js';
import type { Actor } from '../eventStore/envelope.js';
import type { OrganisationId } from '../organisation/codecs.js';
import type { PatientId } from '../patient/codecs.js';
import type {
  ConsentAnswer,
  ConsentRoute,
  Preference,
  PreferenceSetter,
} from '../consentRecord/sharing/codecs.js';
import type { ChallengeId, VerificationChannel } from '../consentRecord/verification/codecs.js';

export interface PreferenceView {
  /** Absent: the preference for all organisations. */
  readonly organisationId?: OrganisationId;
  readonly preference: Preference;
  readonly setBy: PreferenceSetter;
  readonly setAt: string;
  readonly until?: string;
  /** Set by this proxy for the patient (docs/facade-api.md, "Proxies"). */
  readonly byProxy?: string;
}

export interface SharingInView {
  readonly organisationId: OrganisationId;
  /** A time-limited consent: it ends then (a past one is no longer a permit). */
  readonly until?: string;
  readonly answer: ConsentAnswer;
  readonly route: ConsentRoute;
  readonly recordedAt: string;
  /** Recorded by this proxy for the patient. */
  readonly byProxy?: string;
}

export interface SharingSummary {
  readonly patientId: PatientId;
  readonly preferences: readonly PreferenceView[];
  /** Standing sharing-in consents and dissents (withdrawn ones are gone). */
  readonly sharingIn: readonly SharingInView[];
  readonly sharingOut: readonly {
    readonly organisationId: OrganisationId;
    readonly answer: ConsentAnswer;
  }[];
  /** Sensitive labels the patient agreed an organisation may see (docs/record-as-shared.md). */
  readonly labelConsents: readonly {
    readonly organisationId: OrganisationId;
    readonly label: string;
  }[];
  readonly careRelationships: readonly {
    readonly organisationId: OrganisationId;
    readonly since: string;
    readonly selfClaimed: boolean;
  }[];
  /** Organisations whose access check is a permit right now, with the basis. */
  readonly canSeeNow: readonly {
    readonly organisationId: OrganisationId;
    readonly basis: PermitBasis;
  }[];
}

export interface AccessHistoryEntry {
  readonly organisationId: OrganisationId;
  readonly at: string;
  readonly kind: 'viewed' | 'emergency';
  readonly basis: PermitBasis;
  readonly actor: Actor;
  readonly justification?: string;
}

export interface RefusedAttempt {
  readonly organisationId: OrganisationId;
  readonly at: string;
  readonly purpose: Purpose;
  readonly reason: DenyReason;
  readonly actor: Actor;
}

/** A command the trust rules refused (docs/domain.md): for auditors, never in the patient's access log. */
export interface RefusedCommand {
  readonly at: string;
  readonly command: string;
  readonly why: string;
  readonly actor: Actor;
  /** The organisation the actor acted for, if any. */
  readonly organisationId?: OrganisationId;
  /** The organisation the command named, if any. */
  readonly about?: OrganisationId;
  readonly outcome?: string;
}

/** What the patient sees: who opened the record (docs/scenarios.md `accessLog` = `entries.length`) and who was refused. */
/** Something a proxy did for the patient: the event, by whom, when, about which organisation. */
export interface ProxyAction {
  readonly at: string;
  readonly proxyId: string;
  /** The event recorded (`SharingPreferenceSet`, `OnlineApprovalGiven`, …). */
  readonly what: string;
  readonly organisationId?: OrganisationId;
}

export interface AccessHistory {
  readonly patientId: PatientId;
  readonly entries: readonly AccessHistoryEntry[];
  readonly refused: readonly RefusedAttempt[];
  /** Everything a proxy did for the patient, recorded as by the proxy for the patient. */
  readonly byProxy: readonly ProxyAction[];
}

export interface OpenChallenge {
  readonly challengeId: ChallengeId;
  readonly patientId: PatientId;
  readonly organisationId: OrganisationId;
  readonly requestId: RequestId;
  readonly channels: readonly VerificationChannel[];
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly attemptsLeft: number;
}

export interface Alert {
  /** The emergency id or the care relationship id the alert is about. */
  readonly alertId: string;
  readonly kind:
    | 'emergency-access'
    | 'self-claimed-relationship'
    | 'repeated-refusals'
    // For the old practice: the patient was registered elsewhere (docs/record-as-shared.md).
    | 'practice-changed';
  readonly patientId: PatientId;
  /** The organisation whose staff caused the alert. */
  readonly organisationId: OrganisationId;
  /** Who caused it: never the one to review it. */
  readonly raisedBy: Actor;
  readonly raisedAt: string;
  readonly detail: string;
  readonly status: 'open' | 'reviewed';
  readonly review?: {
    readonly outcome: 'appropriate' | 'inappropriate';
    readonly at: string;
    readonly by: Actor;
    readonly notes?: string;
  };
}
