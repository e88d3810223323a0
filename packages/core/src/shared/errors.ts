import type { StoreError } from '../eventStore/errors.js';
import type { FieldProblem } from './decodeInput.js';

/** The errors of docs/scenarios.md plus the few a real embedding needs. Values, never throws. */
export type ConsentryError =
  /** A field is missing or malformed; nothing was appended. `field` is the dotted path. */
  | {
      readonly _tag: 'InvalidInput';
      readonly field: string;
      readonly message: string;
      readonly problems: readonly FieldProblem[];
    }
  /** Wrong code; `attemptsLeft` before the challenge locks. */
  | { readonly _tag: 'CodeRejected'; readonly attemptsLeft: number; readonly message: string }
  | { readonly _tag: 'ChallengeLocked'; readonly message: string }
  | { readonly _tag: 'ChallengeExpired'; readonly message: string }
  /** No open challenge for that patient and organisation (including one already used). */
  | { readonly _tag: 'ChallengeNotFound'; readonly message: string }
  /**
   * Too many challenges in 24 h for the patient, or for this patient and organisation; too
   * many code messages to the patient in 24 h; or a code sent again too often.
   */
  | {
      readonly _tag: 'RateLimited';
      readonly scope: 'patient' | 'patient-organisation' | 'patient-messages' | 'challenge-resends';
      readonly retryAfter: string;
      readonly message: string;
    }
  | { readonly _tag: 'UnknownPatient'; readonly message: string }
  | { readonly _tag: 'UnknownOrganisation'; readonly message: string }
  /** The actor may not do this (wrong organisation, not the patient, …). */
  | { readonly _tag: 'NotPermitted'; readonly message: string; readonly decision?: RefusalDecision }
  /**
   * The command contradicts the current state (already registered, nothing to end, …).
   * `existing` names what is in the way, e.g. the patient who already has the NHS number.
   */
  | { readonly _tag: 'Conflict'; readonly message: string; readonly existing?: string }
  /** Kept losing the optimistic-concurrency race after the bounded retries. */
  | { readonly _tag: 'Busy'; readonly message: string }
  | { readonly _tag: 'StoreFailure'; readonly message: string; readonly cause: StoreError };

/**
 * The access decision a refusal carries when the access rules decided it. Declared empty
 * here and filled in by `consentRecord/access/rules/decision.ts` (declaration merging), so this bottom
 * layer names no slice of the consent record and the error stays fully typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RefusalDecisions {}
export type RefusalDecision = RefusalDecisions[keyof RefusalDecisions];

export type ConsentryErrorTag = ConsentryError['_tag'];

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** Builds a tagged error. */
export const consentryError = <Tag extends ConsentryErrorTag>(
  tag: Tag,
  fields: Without<Extract<ConsentryError, { _tag: Tag }>, '_tag'>,
): ConsentryError => ({ _tag: tag, ...fields }) as ConsentryError;

export const invalidInput = (problems: readonly FieldProblem[]): ConsentryError => ({
  _tag: 'InvalidInput',
  field: problems[0]?.field ?? '(input)',
  message: problems.map((p) => p.message).join('; '),
  problems,
});

export const isConsentryError = (e: unknown): e is ConsentryError =>
  typeof e === 'object' && e !== null && typeof (e as { _tag?: unknown })._tag === 'string';
