import type { DenyReason, PermitBasis } from '../codecs.js';
import type { ChallengeId } from '../../verification/codecs.js';
import type { VerificationChannel } from '../../verification/codecs.js';

/** The numbered rules of docs/domain.md, in the order they are evaluated. */
export type RuleId =
  | 'R1-organisation-known'
  | 'R1-patient-known'
  | 'R2-registered-practice'
  | 'R2-record-closed'
  | 'R3-emergency'
  | 'R4-care-relationship'
  | 'R5-prohibited-list'
  | 'R6-sharing-in-dissent'
  | 'R6-sharing-in-consent'
  | 'R6-preference-table'
  | 'R7-verification-channel';

/** One line of the rule trail: which rule looked, and what it found. */
export interface RuleStep {
  readonly rule: RuleId;
  /** `passed`: the rule did not apply, evaluation went on; `decided`: this rule gave the outcome. */
  readonly result: 'passed' | 'decided';
  readonly note: string;
}

export interface ChallengeSummary {
  readonly challengeId: ChallengeId;
  /** Where the code went first: the preferred channel, else the other, else the portal. */
  readonly channel: VerificationChannel;
  /** Every place the patient can answer (a code channel and/or the portal). */
  readonly channels: readonly VerificationChannel[];
  readonly expiresAt: string;
  readonly attemptsLeft: number;
}

export type AccessDecision =
  | {
      readonly outcome: 'permit';
      readonly basis: PermitBasis;
      /** Set for `emergency`: when the emergency window closes. */
      readonly until?: string;
      readonly trail: readonly RuleStep[];
    }
  | {
      readonly outcome: 'deny';
      readonly reason: DenyReason;
      /** What the organisation can do next, in plain English. */
      readonly advice: string;
      readonly trail: readonly RuleStep[];
    }
  | {
      readonly outcome: 'verify';
      /** Where a challenge can reach the patient. */
      readonly channels: readonly VerificationChannel[];
      /** Set when a challenge was issued (request access, resend); absent for a plain check. */
      readonly challenge?: ChallengeSummary;
      readonly trail: readonly RuleStep[];
    }
  | {
      readonly outcome: 'ask-patient';
      readonly trail: readonly RuleStep[];
    };

declare module '../../../shared/errors.js' {
  /** A refusal decided by the access rules carries the decision (see `RefusalDecision`). */
  interface RefusalDecisions {
    readonly access: AccessDecision;
  }
}
