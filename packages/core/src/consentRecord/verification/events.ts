import * as t from 'io-ts';
import { RequestId } from '../access/codecs.js';
import { OrganisationId } from '../../organisation/codecs.js';
import { PatientId } from '../../patient/codecs.js';
import { IsoInstant } from '../../shared/brandedString.js';
import { ChallengeId, KeyId, VerificationChannel } from './codecs.js';

const about = { patientId: PatientId, challengeId: ChallengeId, organisationId: OrganisationId };

/**
 * Who the code goes to, as the patient chose when it was issued (docs/facade-api.md,
 * "Proxies"): absent in events before proxies, and whenever it goes to the patient alone.
 */
export const CodesSendTo = t.type({ patient: t.boolean, proxyIds: t.readonlyArray(t.string) });

/** Records the key id that derives the code, never the code or a hash of it (docs/domain.md (verification codes)). */
export const VerificationChallengeIssued = t.type({
  type: t.literal('VerificationChallengeIssued'),
  data: t.intersection([
    t.type({
      ...about,
      requestId: RequestId,
      keyId: KeyId,
      channel: VerificationChannel,
      channels: t.array(VerificationChannel),
      codeDigits: t.number,
      maxAttempts: t.number,
      issuedAt: IsoInstant,
      expiresAt: IsoInstant,
    }),
    t.partial({ sendTo: CodesSendTo }),
  ]),
});

/**
 * The same code sent again (same challenge, same expiry). `resentAt` (absent in events
 * recorded before message limits) dates the message for the 24 h count.
 */
export const VerificationCodeResent = t.type({
  type: t.literal('VerificationCodeResent'),
  data: t.intersection([
    t.type({ ...about, channel: VerificationChannel }),
    t.partial({ resentAt: IsoInstant, sendTo: CodesSendTo }),
  ]),
});

export const VerificationCodeRejected = t.type({
  type: t.literal('VerificationCodeRejected'),
  data: t.type({ ...about, attemptsLeft: t.number }),
});

export const VerificationChallengeLocked = t.type({
  type: t.literal('VerificationChallengeLocked'),
  data: t.type(about),
});
export const VerificationChallengeExpired = t.type({
  type: t.literal('VerificationChallengeExpired'),
  data: t.type(about),
});

export const VerificationChallengeSucceeded = t.type({
  type: t.literal('VerificationChallengeSucceeded'),
  data: t.type({ ...about, requestId: RequestId }),
});
export const OnlineApprovalGiven = t.type({
  type: t.literal('OnlineApprovalGiven'),
  data: t.type({ ...about, requestId: RequestId }),
});
export const OnlineApprovalRefused = t.type({
  type: t.literal('OnlineApprovalRefused'),
  data: t.type({ ...about, requestId: RequestId }),
});

export const VerificationEvent = t.union([
  VerificationChallengeIssued,
  VerificationCodeResent,
  VerificationCodeRejected,
  VerificationChallengeLocked,
  VerificationChallengeExpired,
  VerificationChallengeSucceeded,
  OnlineApprovalGiven,
  OnlineApprovalRefused,
]);
export type VerificationEvent = t.TypeOf<typeof VerificationEvent>;
export type VerificationChallengeIssued = t.TypeOf<typeof VerificationChallengeIssued>;
