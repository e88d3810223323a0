import { addHours, subHours } from 'date-fns';
import type { VerificationState } from './state.js';

export interface ChallengeLimits {
  readonly perOrganisation: number;
  readonly perPatient: number;
}

export type LimitVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly scope: 'patient' | 'patient-organisation';
      readonly retryAfter: string;
    };

/**
 * DESIGN §4: at most N challenges per (patient, organisation) and M per patient in any 24 h.
 * Counted from the patient's stream, so the count holds across processes (the append
 * that issues the next challenge carries the version this count was made at).
 */
export const checkChallengeLimits = (
  state: VerificationState,
  organisationId: string,
  now: Date,
  limits: ChallengeLimits,
): LimitVerdict => {
  const windowStart = subHours(now, 24).getTime();
  const recent = Object.values(state.challenges)
    .filter((c) => new Date(c.issuedAt).getTime() > windowStart)
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  const forOrganisation = recent.filter((c) => c.organisationId === organisationId);
  // The limit lifts when the oldest counted challenge leaves the 24 h window.
  const retryAfter = (counted: typeof recent, limit: number): string =>
    addHours(new Date(counted[counted.length - limit]!.issuedAt), 24).toISOString();
  if (forOrganisation.length >= limits.perOrganisation) {
    return {
      allowed: false,
      scope: 'patient-organisation',
      retryAfter: retryAfter(forOrganisation, limits.perOrganisation),
    };
  }
  if (recent.length >= limits.perPatient) {
    return { allowed: false, scope: 'patient', retryAfter: retryAfter(recent, limits.perPatient) };
  }
  return { allowed: true };
};
