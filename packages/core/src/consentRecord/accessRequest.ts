import * as E from 'fp-ts/lib/Either.js';
import type { ConsentryError } from '../shared/errors.js';
import { withKeys } from '../shared/withKeys.js';
import type { AccessCommand } from './access/commands.js';
import { decideAccess } from './access/rules/decideAccess.js';
import type { AccessDecision, ChallengeSummary } from './access/rules/decision.js';
import type { AccessFacts, AccessPolicy } from './access/rules/facts.js';
import { decideConsentRecord } from './decide.js';
import type { ConsentRecordEvent, ConsentRecordState } from './state.js';
import type { VerificationCommand } from './verification/commands.js';
import {
  issuedChallenge,
  openChallenge,
  type Challenge,
  type VerificationState,
} from './verification/state.js';

type Request = Extract<AccessCommand, { type: 'RecordAccessRequest' }>['data'];
type Issue = Extract<VerificationCommand, { type: 'IssueChallenge' }>['data'];

/**
 * A request for access as the consent record takes it: the request (its ids made by the
 * caller), and what a challenge would be made of should the rules say verify — a fresh
 * random id, the current key, the policy's limits, who codes go to.
 */
export interface AccessRequest {
  readonly request: Omit<Request, 'decision'>;
  readonly now: Date;
  readonly challenge: Omit<
    Issue,
    'channel' | 'channels' | 'requestId' | 'now' | 'patientId' | 'organisationId'
  >;
}

export interface DecidedRequest {
  readonly events: readonly ConsentRecordEvent[];
  /** The rules' decision, with the challenge (new or the open one) on verify. */
  readonly decision: AccessDecision;
}

export const challengeSummary = (c: Challenge): ChallengeSummary => ({
  challengeId: c.challengeId,
  channel: c.channel,
  channels: c.channels,
  expiresAt: c.expiresAt,
  attemptsLeft: c.attemptsLeft,
});

/** The challenge just issued, or the one already open for the organisation (none issued). */
const issuedOrOpen = (
  state: VerificationState,
  events: readonly ConsentRecordEvent[],
  organisationId: string,
  now: Date,
): Challenge | undefined => {
  const issued = events.find((e) => e.type === 'VerificationChallengeIssued');
  if (issued?.type !== 'VerificationChallengeIssued')
    return openChallenge(state, organisationId, now);
  return issuedChallenge(issued.data);
};

/**
 * Decides a request for access on the record (docs/domain.md, R1–R7): the rules decide on
 * the facts, the request and its outcome are recorded, and on verify the challenge is
 * issued — or the open one reused, or `RateLimited` by the 24-hour limits.
 */
export const decideAccessRequest = (
  facts: AccessFacts,
  record: ConsentRecordState,
  { request, now, challenge }: AccessRequest,
  policy: AccessPolicy,
): E.Either<ConsentryError, DecidedRequest> => {
  const ask = {
    organisationId: request.organisationId,
    purpose: request.purpose,
    justification: request.justification,
    now,
  };
  const decision = decideAccess(facts, ask, policy);
  const recorded = decideConsentRecord(
    { type: 'RecordAccessRequest', data: withKeys(request, { decision }) },
    record,
  );
  if (E.isLeft(recorded)) return recorded;
  if (decision.outcome !== 'verify') return E.right({ events: recorded.right, decision });
  const issued = decideConsentRecord(
    {
      type: 'IssueChallenge',
      data: {
        patientId: request.patientId,
        organisationId: request.organisationId,
        now,
        requestId: request.requestId,
        channel: decision.channels[0]!,
        channels: decision.channels,
        ...challenge,
      },
    },
    record,
  );
  if (E.isLeft(issued)) return issued;
  const open = issuedOrOpen(record.verification, issued.right, request.organisationId, now);
  return E.right({
    events: [...recorded.right, ...issued.right],
    decision:
      open === undefined ? decision : withKeys(decision, { challenge: challengeSummary(open) }),
  });
};
