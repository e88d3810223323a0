import type { RequestId } from '../consentRecord/access/codecs.js';
import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import type { Area, OdsCode, OrganisationId, OrganisationKind } from '../organisation/codecs.js';
import type { NhsNumber, PatientId, PreferredChannel } from '../patient/codecs.js';

/** What every command returns: how many events it appended and the id tying them together. */
export interface Receipt {
  readonly correlationId: string;
  readonly appended: number;
  /**
   * Messages this command owes that did not go out: refused by the notifier, or, when the
   * store failed during the reactor's pass, all of them (some may have gone out; the next pass
   * goes on from the checkpoint and skips those already recorded). The command itself happened.
   */
  readonly undelivered: number;
  /**
   * Opaque: names a point in the store's history after this command's events (on PostgreSQL,
   * a WAL position). Present only when `ConsentryDeps.commitToken` is given and could be read.
   * A later read that passes it on (a read-your-writes store, docs/facade-api.md, "Read
   * replicas") sees this command's events.
   */
  readonly commitToken?: string;
}

/** The result of requestAccess / enterCode / approveOnline / refuseOnline. */
export type AccessResult = AccessDecision & {
  readonly requestId: RequestId;
  readonly receipt: Receipt;
};

export interface PatientDetails {
  readonly patientId: PatientId;
  readonly nhsNumber: NhsNumber;
  readonly name: string;
  readonly dateOfBirth: string;
  readonly homeArea: Area;
  readonly practiceId: OrganisationId;
  readonly mobile?: string;
  readonly email?: string;
  readonly preferredChannel?: PreferredChannel;
  readonly portalEnrolled: boolean;
}

export interface OrganisationDetails {
  readonly organisationId: OrganisationId;
  readonly odsCode: OdsCode;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly area: Area;
  readonly status: 'active' | 'closed';
}

export interface PracticeListsView {
  readonly practiceId: OrganisationId;
  readonly allowed: readonly OrganisationId[];
  readonly prohibited: readonly OrganisationId[];
}

export type {
  PreferenceView,
  SharingInView,
  SharingSummary,
  AccessHistoryEntry,
  RefusedAttempt,
  RefusedCommand,
  ProxyAction,
  AccessHistory,
  OpenChallenge,
  Alert,
} from '../projections/views.js';

/** The patient's proxies (docs/facade-api.md, "Proxies"): each grant, whether it is in force now and why not. */
export interface ProxiesView {
  readonly patientId: string;
  readonly lacksCapacity: boolean;
  readonly codesTo: { readonly to: 'patient' | 'proxy' | 'both'; readonly proxyId?: string };
  readonly proxies: readonly (import('../consentRecord/proxy/state.js').ProxyGrant & {
    readonly inForce: boolean;
    readonly ended?: import('../consentRecord/proxy/state.js').Inactive;
  })[];
}
