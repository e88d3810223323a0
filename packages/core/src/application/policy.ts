import { defaultSensitiveLabels } from '../record/labels.js';

/** Tunables of verification and emergency access (docs/domain.md). */
export interface ConsentryPolicy {
  /** Code validity in seconds; capped at 600 (10 minutes) whatever is configured. */
  readonly codeTtlSeconds: number;
  /** Wrong codes before the challenge locks (at most 5). */
  readonly maxAttempts: number;
  readonly codeDigits: number;
  /** Challenges per (patient, organisation) in 24 h. */
  readonly maxChallengesPerOrganisation: number;
  /** Challenges per patient in 24 h. */
  readonly maxChallengesPerPatient: number;
  /** Times one challenge's code may be sent again (the next is `RateLimited`). */
  readonly maxResendsPerChallenge: number;
  /** Code messages a patient receives in 24 h from all organisations (emergency notices never count). */
  readonly maxCodeMessagesPerPatient: number;
  readonly emergencyWindowHours: number;
  /** When false, a patient's dissent (deny preference or sharing-in dissent) also stops emergency access. */
  readonly emergencyOverridesDissent: boolean;
  /** Entry labels that never go out without the patient's consent for that label (docs/record-as-shared.md). */
  readonly sensitiveLabels: readonly string[];
  /** When true, an emergency viewer also sees sensitive entries that are shared out. */
  readonly emergencyShowsSensitive: boolean;
  /** Optimistic-concurrency retries before a command gives up with `Busy`. */
  readonly maxConflictRetries: number;
}

export const MAX_CODE_TTL_SECONDS = 600;

export const defaultPolicy: ConsentryPolicy = {
  codeTtlSeconds: 600,
  maxAttempts: 5,
  codeDigits: 6,
  maxChallengesPerOrganisation: 3,
  maxChallengesPerPatient: 10,
  maxResendsPerChallenge: 3,
  maxCodeMessagesPerPatient: 10,
  emergencyWindowHours: 24,
  emergencyOverridesDissent: true,
  sensitiveLabels: defaultSensitiveLabels,
  emergencyShowsSensitive: false,
  maxConflictRetries: 20,
};

/** Merges overrides onto the defaults and enforces the caps of docs/domain.md (verification codes). */
export const resolvePolicy = (overrides: Partial<ConsentryPolicy> = {}): ConsentryPolicy => {
  const merged = { ...defaultPolicy, ...overrides };
  return {
    ...merged,
    codeTtlSeconds: Math.min(Math.max(1, merged.codeTtlSeconds), MAX_CODE_TTL_SECONDS),
    maxAttempts: Math.min(Math.max(1, merged.maxAttempts), 5),
    codeDigits: Math.min(Math.max(6, merged.codeDigits), 8),
  };
};
