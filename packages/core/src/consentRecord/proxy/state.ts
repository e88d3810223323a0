import type { ProxyEvent } from './events.js';
import type { CodesRecipient, ProxyGrantor, ProxyRelationship, ProxyScope } from './codecs.js';

export interface ProxyGrant {
  readonly proxyId: string;
  readonly relationship: ProxyRelationship;
  readonly evidence: string;
  readonly scope: readonly ProxyScope[];
  readonly grantedBy: ProxyGrantor;
  readonly grantedAt: string;
  readonly until?: string;
  readonly mobile?: string;
  readonly email?: string;
  /** Set once revoked: a revoked grant stays, so history can name it. */
  readonly revoked?: ProxyGrantor;
}

/** The patient's proxies, capacity and codes choice: on the consent stream, read at its version. */
export interface ProxyState {
  readonly grants: Readonly<Record<string, ProxyGrant>>;
  readonly lacksCapacity: boolean;
  readonly codesTo: { readonly to: CodesRecipient; readonly proxyId?: string };
}

export const initialState = (): ProxyState => ({
  grants: {},
  lacksCapacity: false,
  codesTo: { to: 'patient' },
});

export const evolve = (state: ProxyState, event: ProxyEvent): ProxyState => {
  switch (event.type) {
    case 'ProxyGranted': {
      const { patientId: _, ...grant } = event.data;
      return { ...state, grants: { ...state.grants, [grant.proxyId]: grant } };
    }
    case 'ProxyRevoked': {
      const held = state.grants[event.data.proxyId];
      if (held === undefined) return state;
      return {
        ...state,
        grants: { ...state.grants, [held.proxyId]: { ...held, revoked: event.data.revokedBy } },
      };
    }
    case 'PatientCapacityRecorded':
      return { ...state, lacksCapacity: event.data.lacksCapacity };
    case 'CodesRecipientChosen':
      return {
        ...state,
        codesTo:
          event.data.proxyId === undefined
            ? { to: event.data.to }
            : { to: event.data.to, proxyId: event.data.proxyId },
      };
  }
};

const SIXTEEN_YEARS = 16;

/** The 16th birthday (UTC midnight) of someone born on `dateOfBirth` (YYYY-MM-DD); 29 Feb → 1 Mar. */
export const sixteenthBirthday = (dateOfBirth: string): Date => {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + SIXTEEN_YEARS, m - 1, d));
};

/** Why a grant does not let the proxy act now; undefined when it does. */
export type Inactive = 'no-grant' | 'revoked' | 'ended' | 'child-turned-sixteen';

/**
 * Whether the grant is in force at `now`: not revoked, before its `until`, and for a parent,
 * before the child's 16th birthday unless the practice granted it again on or after it.
 * Decided from the date of birth and the clock at the moment the proxy acts, never from a job.
 */
export const inactiveReason = (
  grant: ProxyGrant | undefined,
  dateOfBirth: string,
  now: Date,
): Inactive | undefined => {
  if (grant === undefined) return 'no-grant';
  if (grant.revoked !== undefined) return 'revoked';
  if (grant.until !== undefined && Date.parse(grant.until) <= now.getTime()) return 'ended';
  if (grant.relationship === 'parent') {
    const birthday = sixteenthBirthday(dateOfBirth).getTime();
    const confirmed = grant.grantedBy === 'practice' && Date.parse(grant.grantedAt) >= birthday;
    if (now.getTime() >= birthday && !confirmed) return 'child-turned-sixteen';
  }
  return undefined;
};

/** The grants in force now that carry `scope`. */
export const activeWith = (
  state: ProxyState,
  scope: ProxyScope,
  dateOfBirth: string,
  now: Date,
): readonly ProxyGrant[] =>
  Object.values(state.grants).filter(
    (g) => g.scope.includes(scope) && inactiveReason(g, dateOfBirth, now) === undefined,
  );

/** Where a code goes now: the proxies (in force, with `receive-codes`) and whether the patient too. */
export const codeRecipients = (
  state: ProxyState,
  dateOfBirth: string,
  now: Date,
): { readonly patient: boolean; readonly proxies: readonly ProxyGrant[] } => {
  const { to, proxyId } = state.codesTo;
  const proxies =
    to === 'patient'
      ? []
      : activeWith(state, 'receive-codes', dateOfBirth, now).filter(
          (g) => proxyId === undefined || g.proxyId === proxyId,
        );
  return { patient: to !== 'proxy', proxies };
};
