import { deciderSpec } from '../../testing/deciderSpec.js';
import { verificationDecider } from './decide.js';
import type { VerificationEvent } from './events.js';
import type { VerificationCommand } from './commands.js';

const b = <T>(s: string): T => s as unknown as T;
const NOW = new Date('2026-07-01T09:00:00Z');
const about = { patientId: b<never>('alice'), organisationId: b<never>('far') };
const challengeId = b<never>('0b7c2a4e-5f0d-4c1e-9a3b-2d6f8e1c4a70');
const issue = (now = NOW, id = challengeId): VerificationCommand => ({
  type: 'IssueChallenge',
  data: {
    ...about,
    now,
    challengeId: id,
    requestId: b('req-1'),
    keyId: b('k1'),
    channel: 'sms',
    channels: ['sms'],
    ttlSeconds: 600,
    maxAttempts: 5,
    codeDigits: 6,
    limits: {
      perOrganisation: 3,
      perPatient: 10,
      resendsPerChallenge: 3,
      codeMessagesPerPatient: 10,
    },
  },
});
const issued: VerificationEvent = {
  type: 'VerificationChallengeIssued',
  data: {
    ...about,
    challengeId,
    requestId: b('req-1'),
    keyId: b('k1'),
    channel: 'sms',
    channels: ['sms'],
    codeDigits: 6,
    maxAttempts: 5,
    issuedAt: b('2026-07-01T09:00:00.000Z'),
    expiresAt: b('2026-07-01T09:10:00.000Z'),
  },
};
const spec = deciderSpec(verificationDecider);
const enter = (codeMatches: boolean, now = NOW): VerificationCommand => ({
  type: 'EnterCode',
  data: { ...about, now, codeMatches },
});

describe('verification decider', () => {
  it('issues a challenge valid 10 minutes, and reuses an open one', () => {
    spec.given([]).when(issue()).then([issued]);
    spec
      .given([issued])
      .when(issue(new Date('2026-07-01T09:05:00Z')))
      .then([]);
  });
  it('counts a wrong code down, and locks at zero', () => {
    spec
      .given([issued])
      .when(enter(false))
      .then([
        { type: 'VerificationCodeRejected', data: { ...about, challengeId, attemptsLeft: 4 } },
      ]);
    const four = [1, 2, 3, 4].map((n): VerificationEvent => ({
      type: 'VerificationCodeRejected',
      data: { ...about, challengeId, attemptsLeft: 5 - n },
    }));
    spec
      .given([issued, ...four])
      .when(enter(false))
      .then([
        { type: 'VerificationCodeRejected', data: { ...about, challengeId, attemptsLeft: 0 } },
        { type: 'VerificationChallengeLocked', data: { ...about, challengeId } },
      ]);
    spec
      .given([
        issued,
        ...four,
        { type: 'VerificationChallengeLocked', data: { ...about, challengeId } },
      ])
      .when(enter(true))
      .thenFails({ _tag: 'ChallengeLocked' });
  });
  it('is single use and expires exactly at expiresAt', () => {
    const succeeded: VerificationEvent = {
      type: 'VerificationChallengeSucceeded',
      data: { ...about, challengeId, requestId: b('req-1') },
    };
    spec.given([issued]).when(enter(true)).then([succeeded]);
    spec.given([issued, succeeded]).when(enter(true)).thenFails({ _tag: 'ChallengeNotFound' });
    spec
      .given([issued])
      .when(enter(true, new Date('2026-07-01T09:09:59.999Z')))
      .then([succeeded]);
    spec
      .given([issued])
      .when(enter(true, new Date('2026-07-01T09:10:00Z')))
      .thenFails({ _tag: 'ChallengeExpired' });
  });
  it('rate-limits the fourth challenge for one organisation within 24 h', () => {
    const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
    const issuedAt = (h: number, id: string): VerificationEvent => ({
      type: 'VerificationChallengeIssued',
      data: {
        ...issued.data,
        challengeId: b(id),
        issuedAt: b(at(h).toISOString()),
        expiresAt: b(new Date(at(h).getTime() + 600_000).toISOString()),
      },
    });
    const three = [issuedAt(0, 'a'), issuedAt(1, 'b'), issuedAt(2, 'c')];
    spec
      .given(three)
      .when(issue(at(3)))
      .thenFails({
        _tag: 'RateLimited',
        scope: 'patient-organisation',
        retryAfter: '2026-07-02T09:00:00.000Z',
      });
    // Once the first has left the 24 h window, a new one is allowed.
    expect(spec.given(three).when(issue(at(24.01))).result._tag).toBe('Right');
  });
});
