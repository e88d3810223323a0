import type { RequestId } from '../access/codecs.js';
import type { OrganisationId } from '../../organisation/codecs.js';
import type { PatientId } from '../../patient/codecs.js';
import type { ChallengeId, KeyId, VerificationChannel } from './codecs.js';
import type { ChallengeLimits, MessageLimits } from './limits.js';

interface About {
  readonly patientId: PatientId;
  readonly organisationId: OrganisationId;
  readonly now: Date;
}

export type VerificationCommand =
  | {
      readonly type: 'IssueChallenge';
      readonly data: About & {
        readonly challengeId: ChallengeId;
        readonly requestId: RequestId;
        readonly keyId: KeyId;
        readonly channel: VerificationChannel;
        readonly channels: readonly VerificationChannel[];
        readonly ttlSeconds: number;
        readonly maxAttempts: number;
        readonly codeDigits: number;
        readonly limits: ChallengeLimits & MessageLimits;
        /** Absent: the patient alone. */
        readonly sendTo?: { readonly patient: boolean; readonly proxyIds: readonly string[] };
      };
    }
  /** `codeMatches` was computed by the caller against the latest challenge for O, in constant time. */
  | { readonly type: 'EnterCode'; readonly data: About & { readonly codeMatches: boolean } }
  | {
      readonly type: 'ResendCode';
      readonly data: About & {
        readonly limits: MessageLimits;
        /** Who the code goes to now (a revoked proxy gets no resend); absent: the patient alone. */
        readonly sendTo?: { readonly patient: boolean; readonly proxyIds: readonly string[] };
      };
    }
  | {
      readonly type: 'AnswerOnline';
      readonly data: About & { readonly answer: 'approve' | 'refuse' };
    };
