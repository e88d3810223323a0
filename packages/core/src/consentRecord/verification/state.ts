import type { RequestId } from '../access/codecs.js';
import type { OrganisationId } from '../../organisation/codecs.js';
import type { ChallengeId, KeyId, VerificationChannel } from './codecs.js';
import { withKeys } from '../../shared/withKeys.js';
import type { VerificationEvent } from './events.js';

export type ChallengeStatus = 'open' | 'succeeded' | 'approved' | 'refused' | 'locked' | 'expired';

export interface Challenge {
  readonly challengeId: ChallengeId;
  readonly requestId: RequestId;
  readonly organisationId: OrganisationId;
  readonly keyId: KeyId;
  readonly channel: VerificationChannel;
  readonly channels: readonly VerificationChannel[];
  readonly codeDigits: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly attemptsLeft: number;
  readonly status: ChallengeStatus;
  /** How many times the code was sent again. */
  readonly resends: number;
  /** Who the code goes to when not the patient alone (a proxy with receive-codes). */
  readonly sendTo?: { readonly patient: boolean; readonly proxyIds: readonly string[] };
}

/** A patient's challenges (all of them, for the 24 h limits) and the latest per organisation. */
export interface VerificationState {
  readonly challenges: Readonly<Record<string, Challenge>>;
  readonly latestByOrganisation: Readonly<Record<string, ChallengeId>>;
  /** When each code message went out (issued to a phone or e-mail, or resent), oldest first. */
  readonly codeMessages: readonly string[];
}

export const initialState = (): VerificationState => ({
  challenges: {},
  latestByOrganisation: {},
  codeMessages: [],
});

/** A code goes out as a message unless the challenge reaches the patient only in the portal. */
const isMessage = (channel: VerificationChannel): boolean => channel !== 'portal';

const update = (
  state: VerificationState,
  id: string,
  change: Partial<Challenge>,
): VerificationState => {
  const held = state.challenges[id];
  return held === undefined
    ? state
    : { ...state, challenges: { ...state.challenges, [id]: { ...held, ...change } } };
};

type Issued = Extract<VerificationEvent, { type: 'VerificationChallengeIssued' }>['data'];

/** The challenge as a `VerificationChallengeIssued` event opens it. */
export const issuedChallenge = (issued: Issued): Challenge => {
  const { patientId: _, maxAttempts, ...data } = issued;
  return withKeys(data, { attemptsLeft: maxAttempts, status: 'open', resends: 0 });
};

export const evolve = (state: VerificationState, event: VerificationEvent): VerificationState => {
  switch (event.type) {
    case 'VerificationChallengeIssued': {
      const data = event.data;
      return {
        // A spread, not withKeys: a challenge id is a new key every time, where Object.assign
        // makes a new hidden class per id and is the slower of the two.
        challenges: { ...state.challenges, [data.challengeId]: issuedChallenge(data) },
        latestByOrganisation: {
          ...state.latestByOrganisation,
          [data.organisationId]: data.challengeId,
        },
        codeMessages: isMessage(data.channel)
          ? [...state.codeMessages, data.issuedAt]
          : state.codeMessages,
      };
    }
    case 'VerificationCodeResent': {
      const held = state.challenges[event.data.challengeId];
      if (held === undefined) return state;
      const updated = update(state, held.challengeId, { resends: held.resends + 1 });
      return isMessage(event.data.channel)
        ? {
            ...updated,
            codeMessages: [...state.codeMessages, event.data.resentAt ?? held.issuedAt],
          }
        : updated;
    }
    case 'VerificationCodeRejected':
      return update(state, event.data.challengeId, { attemptsLeft: event.data.attemptsLeft });
    case 'VerificationChallengeLocked':
      return update(state, event.data.challengeId, { status: 'locked' });
    case 'VerificationChallengeExpired':
      return update(state, event.data.challengeId, { status: 'expired' });
    case 'VerificationChallengeSucceeded':
      return update(state, event.data.challengeId, { status: 'succeeded' });
    case 'OnlineApprovalGiven':
      return update(state, event.data.challengeId, { status: 'approved' });
    case 'OnlineApprovalRefused':
      return update(state, event.data.challengeId, { status: 'refused' });
  }
};

/** The status as of `now`: an open challenge past its expiry is expired even before that is recorded. */
export const statusAt = (challenge: Challenge, now: Date): ChallengeStatus =>
  challenge.status === 'open' && now.getTime() >= new Date(challenge.expiresAt).getTime()
    ? 'expired'
    : challenge.status;

export const latestChallenge = (
  state: VerificationState,
  organisationId: string,
): Challenge | undefined => {
  const id = state.latestByOrganisation[organisationId];
  return id === undefined ? undefined : state.challenges[id];
};

/** The challenge for O that can still be answered at `now`, if any. */
export const openChallenge = (
  state: VerificationState,
  organisationId: string,
  now: Date,
): Challenge | undefined => {
  const latest = latestChallenge(state, organisationId);
  return latest !== undefined && statusAt(latest, now) === 'open' ? latest : undefined;
};
