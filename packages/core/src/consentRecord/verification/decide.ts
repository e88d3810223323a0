import { addSeconds } from 'date-fns';
import * as E from 'fp-ts/lib/Either.js';
import { instant } from '../../shared/brandedString.js';
import { assertNever, type Decider } from '../../shared/decider.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import type { VerificationCommand } from './commands.js';
import type { VerificationEvent } from './events.js';
import { checkChallengeLimits, checkMessageLimit } from './limits.js';
import {
  evolve,
  initialState,
  latestChallenge,
  openChallenge,
  statusAt,
  type Challenge,
  type VerificationState,
} from './state.js';
import { withKeys } from '../../shared/withKeys.js';

type Result = E.Either<ConsentryError, readonly VerificationEvent[]>;
type RateScope = Extract<ConsentryError, { _tag: 'RateLimited' }>['scope'];
type Command<T extends VerificationCommand['type']> = Extract<VerificationCommand, { type: T }>;

const about = (c: Challenge, patientId: Command<'EnterCode'>['data']['patientId']) => ({
  patientId,
  challengeId: c.challengeId,
  organisationId: c.organisationId,
});

const rateLimited = (verdict: { scope: RateScope; retryAfter: string }, what: string) =>
  E.left(
    consentryError('RateLimited', {
      scope: verdict.scope,
      retryAfter: verdict.retryAfter,
      message: `${what}; try again after ${verdict.retryAfter}`,
    }),
  );

/**
 * An open challenge for O is reused (no second code); otherwise the 24 h limits decide. A
 * patient who has had all the code messages allowed in 24 h can still approve in the portal:
 * the challenge then goes to the portal alone, with no message.
 */
const issue = ({ data }: Command<'IssueChallenge'>, state: VerificationState): Result => {
  if (openChallenge(state, data.organisationId, data.now) !== undefined) return E.right([]);
  const verdict = checkChallengeLimits(state, data.organisationId, data.now, data.limits);
  if (!verdict.allowed) return rateLimited(verdict, 'Too many verification challenges in 24 hours');
  const messages = checkMessageLimit(state, data.now, data.limits);
  const { now, ttlSeconds, limits: _, ...rest } = data;
  if (!messages.allowed && !data.channels.includes('portal'))
    return rateLimited(messages, 'The patient has been sent all the codes allowed in 24 hours');
  const portalOnly = !messages.allowed && data.channel !== 'portal';
  return E.right([
    {
      type: 'VerificationChallengeIssued',
      // `channel` and `channels` replace their own keys in place; the times follow.
      data: withKeys(rest, {
        channel: portalOnly ? 'portal' : rest.channel,
        channels: portalOnly ? ['portal' as const] : [...rest.channels],
        issuedAt: instant(now),
        expiresAt: instant(addSeconds(now, ttlSeconds)),
      }),
    },
  ]);
};

/**
 * The latest challenge for O, if it can be answered; else why not. An expired one that is
 * still recorded as open gets its `VerificationChallengeExpired` event here.
 */
const answerable = (
  state: VerificationState,
  data: { readonly organisationId: string; readonly now: Date },
): E.Either<ConsentryError, { challenge: Challenge; expiredNow: readonly VerificationEvent[] }> => {
  const latest = latestChallenge(state, data.organisationId);
  const notFound = consentryError('ChallengeNotFound', {
    message: 'No open verification challenge for this patient and organisation',
  });
  if (latest === undefined) return E.left(notFound);
  switch (statusAt(latest, data.now)) {
    case 'open':
      return E.right({ challenge: latest, expiredNow: [] });
    case 'locked':
      return E.left(
        consentryError('ChallengeLocked', {
          message: 'Too many wrong codes: the challenge is locked',
        }),
      );
    case 'expired':
      return E.left(
        consentryError('ChallengeExpired', {
          message: 'The code has expired; request access again',
        }),
      );
    case 'succeeded':
    case 'approved':
    case 'refused':
      return E.left(notFound);
  }
};

const enterCode = ({ data }: Command<'EnterCode'>, state: VerificationState): Result =>
  E.map(({ challenge }: { challenge: Challenge }): readonly VerificationEvent[] => {
    const ids = about(challenge, data.patientId);
    if (data.codeMatches)
      return [
        {
          type: 'VerificationChallengeSucceeded',
          data: withKeys(ids, { requestId: challenge.requestId }),
        },
      ];
    const attemptsLeft = challenge.attemptsLeft - 1;
    const rejected: VerificationEvent = {
      type: 'VerificationCodeRejected',
      data: withKeys(ids, { attemptsLeft }),
    };
    return attemptsLeft > 0
      ? [rejected]
      : [rejected, { type: 'VerificationChallengeLocked', data: ids }];
  })(answerable(state, data));

/** The same code again, at most `resendsPerChallenge` times, within the patient's message limit. */
const resend = ({ data }: Command<'ResendCode'>, state: VerificationState): Result =>
  E.flatMap(({ challenge }: { challenge: Challenge }): Result => {
    if (challenge.resends >= data.limits.resendsPerChallenge)
      return rateLimited(
        { scope: 'challenge-resends', retryAfter: challenge.expiresAt },
        `The code was already sent again ${challenge.resends} times: request access again once it expires`,
      );
    const messages = checkMessageLimit(state, data.now, data.limits);
    if (!messages.allowed)
      return rateLimited(messages, 'The patient has been sent all the codes allowed in 24 hours');
    return E.right([
      {
        type: 'VerificationCodeResent',
        data: withKeys(about(challenge, data.patientId), {
          channel: challenge.channel,
          resentAt: instant(data.now),
          ...(data.sendTo === undefined ? {} : { sendTo: data.sendTo }),
        }),
      },
    ]);
  })(answerable(state, data));

const answerOnline = ({ data }: Command<'AnswerOnline'>, state: VerificationState): Result =>
  E.map(({ challenge }: { challenge: Challenge }): readonly VerificationEvent[] => [
    {
      type: data.answer === 'approve' ? 'OnlineApprovalGiven' : 'OnlineApprovalRefused',
      data: withKeys(about(challenge, data.patientId), { requestId: challenge.requestId }),
    },
  ])(answerable(state, data));

export const decide = (command: VerificationCommand, state: VerificationState): Result => {
  switch (command.type) {
    case 'IssueChallenge':
      return issue(command, state);
    case 'EnterCode':
      return enterCode(command, state);
    case 'ResendCode':
      return resend(command, state);
    case 'AnswerOnline':
      return answerOnline(command, state);
    default:
      return assertNever(command);
  }
};

export const verificationDecider: Decider<
  VerificationCommand,
  VerificationEvent,
  VerificationState,
  ConsentryError
> = {
  decide,
  evolve,
  initialState,
};
