/**
 * Who is signed in. Staff act for one organisation; a patient only for themselves; a privacy
 * officer belongs to one organisation (and reviews its alerts and those of its patients); an
 * auditor reads everything and changes nothing. Nobody signed in is ever core's `system`.
 */
export type Principal =
  | { readonly kind: 'patient'; readonly patientId: string }
  | {
      readonly kind: 'organisation-staff';
      readonly accountId: string;
      readonly organisationId: string;
    }
  | { readonly kind: 'practice-staff'; readonly accountId: string; readonly organisationId: string }
  | {
      readonly kind: 'privacy-officer';
      readonly accountId: string;
      readonly organisationId: string;
    }
  | { readonly kind: 'auditor'; readonly accountId: string }
  /** A proxy (parent, carer, attorney) signed in as themself, acting for the one patient they chose. */
  | { readonly kind: 'proxy'; readonly proxyId: string; readonly patientId: string };

export type StaffRole = 'organisation-staff' | 'practice-staff' | 'privacy-officer' | 'auditor';

/** A patient half way through signing in: identified, code sent, not yet entered. */
export interface PendingPatientSignIn {
  readonly patientId: string;
  /** A proxy signing in to act for `patientId`: the code went to the proxy's own contact. */
  readonly proxyId?: string;
  /** Random id the sign-in code is derived from (HMAC), so the code itself is never stored. */
  readonly signInId: string;
  readonly keyId: string;
  readonly attempts: number;
  readonly expiresAt: number;
}

export interface SessionData {
  readonly principal: Principal | null;
  readonly pending: PendingPatientSignIn | null;
  /** Single-use form tokens issued to this session (newest last); a post consumes one. */
  readonly formTokens: readonly string[];
  /** A one-off message to show on the next page (e.g. "Sharing stopped"). */
  readonly flash: string | null;
}

export const emptySession = (): SessionData => ({
  principal: null,
  pending: null,
  formTokens: [],
  flash: null,
});

export const isStaff = (
  p: Principal | null,
): p is Exclude<Principal, { kind: 'patient' | 'proxy' }> =>
  p !== null && p.kind !== 'patient' && p.kind !== 'proxy';
