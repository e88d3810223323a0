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
 * docs/domain.md (verification codes): at most N challenges per (patient, organisation) and M per patient in any 24 h.
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
  const recent = Object.values(state.challenges).filter(
    (c) => Date.parse(c.issuedAt) > windowStart,
  );
  const forOrganisation = recent.filter((c) => c.organisationId === organisationId);
  // The limit lifts when the oldest counted challenge leaves the 24 h window. Sorted only
  // here, when a limit is reached: a sort by localeCompare on every challenge issued was a
  // visible share of requestAccess (docs/performance.md, "The cost of one request").
  const retryAfter = (counted: typeof recent, limit: number): string => {
    const inOrder = [...counted].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
    return addHours(new Date(inOrder[inOrder.length - limit]!.issuedAt), 24).toISOString();
  };
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

export interface MessageLimits {
  /** Times one challenge's code may be sent again. */
  readonly resendsPerChallenge: number;
  /** Code messages (issued to a phone or e-mail, or resent) a patient receives in 24 h, from every organisation. */
  readonly codeMessagesPerPatient: number;
}

export type MessageVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly scope: 'patient-messages' | 'challenge-resends';
      readonly retryAfter: string;
    };

/**
 * How many code messages the patient can still be sent now: counted from the patient's stream,
 * so the limit holds across processes. Emergency notices are not code messages and never count.
 */
export const checkMessageLimit = (
  state: VerificationState,
  now: Date,
  limits: MessageLimits,
): MessageVerdict => {
  const windowStart = subHours(now, 24).getTime();
  const recent = state.codeMessages.filter((at) => Date.parse(at) > windowStart);
  if (recent.length < limits.codeMessagesPerPatient) return { allowed: true };
  // Sorted only when the limit is reached (see checkChallengeLimits).
  const inOrder = recent.sort((a, b) => a.localeCompare(b));
  const lifts = inOrder[inOrder.length - limits.codeMessagesPerPatient]!;
  return {
    allowed: false,
    scope: 'patient-messages',
    retryAfter: addHours(new Date(lifts), 24).toISOString(),
  };
};
