export * from './codecs.js';
export * from '../../shared/keyring.js';
export * from './events.js';
export type * from './commands.js';
export * from './limits.js';
export type { VerificationState, Challenge, ChallengeStatus } from './state.js';
export { statusAt, latestChallenge, openChallenge } from './state.js';
export { verificationDecider } from './decide.js';
export { deriveCode, codeMatches, newChallengeId } from './code.js';
