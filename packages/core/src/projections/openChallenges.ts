import type { OpenChallenge } from './views.js';
import type { Projection } from './projection.js';

/** Challenges not yet used, locked or recorded as expired; the query also drops those past their expiry. */
export type OpenChallengesState = Map<string, OpenChallenge>;

export const openChallengesProjection: Projection<OpenChallengesState> = {
  name: 'openChallenges',
  initialState: () => new Map(),
  evolve: (state, event) => {
    switch (event.type) {
      case 'VerificationChallengeIssued': {
        const {
          challengeId,
          patientId,
          organisationId,
          requestId,
          channels,
          issuedAt,
          expiresAt,
          maxAttempts,
        } = event.data;
        state.set(challengeId, {
          challengeId,
          patientId,
          organisationId,
          requestId,
          channels,
          issuedAt,
          expiresAt,
          attemptsLeft: maxAttempts,
        });
        return state;
      }
      case 'VerificationCodeRejected': {
        const held = state.get(event.data.challengeId);
        // A new object, not an edit: a challenge already handed to a caller stays as it was.
        if (held !== undefined)
          state.set(held.challengeId, { ...held, attemptsLeft: event.data.attemptsLeft });
        return state;
      }
      case 'VerificationChallengeLocked':
      case 'VerificationChallengeExpired':
      case 'VerificationChallengeSucceeded':
      case 'OnlineApprovalGiven':
      case 'OnlineApprovalRefused':
        state.delete(event.data.challengeId);
        return state;
      default:
        return state;
    }
  },
};

export const openChallengesOf = (
  state: OpenChallengesState,
  organisationId: string,
  now: Date,
): readonly OpenChallenge[] =>
  [...state.values()]
    .filter(
      (c) => c.organisationId === organisationId && new Date(c.expiresAt).getTime() > now.getTime(),
    )
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
