import type { OpenChallenge } from '../application/results.js';
import type { Projection } from './projection.js';

/** Challenges not yet used, locked or recorded as expired; the query also drops those past their expiry. */
export type OpenChallengesState = Readonly<Record<string, OpenChallenge>>;

const drop = (state: OpenChallengesState, id: string): OpenChallengesState => {
  const { [id]: _, ...rest } = state;
  return rest;
};

export const openChallengesProjection: Projection<OpenChallengesState> = {
  name: 'openChallenges',
  initialState: () => ({}),
  evolve: (state, event) => {
    switch (event.type) {
      case 'VerificationChallengeIssued': {
        const { challengeId, patientId, organisationId, requestId, channels, issuedAt, expiresAt, maxAttempts } = event.data;
        return { ...state, [challengeId]: { challengeId, patientId, organisationId, requestId, channels, issuedAt, expiresAt, attemptsLeft: maxAttempts } };
      }
      case 'VerificationCodeRejected': {
        const held = state[event.data.challengeId];
        return held === undefined ? state : { ...state, [held.challengeId]: { ...held, attemptsLeft: event.data.attemptsLeft } };
      }
      case 'VerificationChallengeLocked':
      case 'VerificationChallengeExpired':
      case 'VerificationChallengeSucceeded':
      case 'OnlineApprovalGiven':
      case 'OnlineApprovalRefused':
        return drop(state, event.data.challengeId);
      default:
        return state;
    }
  },
};

export const openChallengesOf = (state: OpenChallengesState, organisationId: string, now: Date): readonly OpenChallenge[] =>
  Object.values(state)
    .filter((c) => c.organisationId === organisationId && new Date(c.expiresAt).getTime() > now.getTime())
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
