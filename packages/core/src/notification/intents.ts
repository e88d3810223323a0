import type { RecordedEvent } from '../eventStore/envelope.js';
import type { MessageKind } from './port.js';

/** A message the log says the patient is owed (docs/scenarios.md), before anything is looked up. */
export interface Intent {
  readonly kind: MessageKind;
  readonly cause: RecordedEvent;
  readonly patientId: string;
  readonly organisationId: string;
  /** For a code: the challenge (the code is derived from it) and the channel it was issued to. */
  readonly challengeId?: string;
  readonly issuedTo?: 'sms' | 'email';
}

const text = (data: unknown, field: string): string | undefined => {
  const value = (data as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : undefined;
};

const codeChannel = (channel: string | undefined): 'sms' | 'email' | undefined =>
  channel === 'sms' || channel === 'email' ? channel : undefined;

const codeIntents = (event: RecordedEvent, base: Omit<Intent, 'kind'>): readonly Intent[] => {
  const challengeId = text(event.data, 'challengeId') ?? '';
  const issuedTo = codeChannel(text(event.data, 'channel'));
  const channels = (event.data as { channels?: unknown }).channels;
  // Only a new challenge reaches the portal; a resend is a code again, the portal item is still there.
  const portal =
    event.type === 'VerificationChallengeIssued' &&
    Array.isArray(channels) &&
    channels.includes('portal');
  return [
    ...(issuedTo === undefined
      ? []
      : [{ ...base, kind: 'verification-code' as const, challengeId, issuedTo }]),
    ...(portal ? [{ ...base, kind: 'portal-approval-request' as const, challengeId }] : []),
  ];
};

/**
 * The intents one event gives rise to: a code issued or resent (and, when the challenge
 * reaches the portal, an approval request there), "X can now see your record" for every
 * sharing-in consent by whatever route (and every `allow` for one organisation that the patient
 * did not set themself), and emergency access. Everything else: none.
 */
export const intentsOf = (event: RecordedEvent): readonly Intent[] => {
  const patientId = text(event.data, 'patientId');
  const organisationId = text(event.data, 'organisationId');
  if (patientId === undefined || organisationId === undefined) return [];
  const base = { cause: event, patientId, organisationId };
  switch (event.type) {
    case 'VerificationChallengeIssued':
    case 'VerificationCodeResent':
      return codeIntents(event, base);
    case 'SharingInConsentRecorded':
      return text(event.data, 'answer') === 'consent'
        ? [{ ...base, kind: 'sharing-consent-recorded' }]
        : [];
    // An `allow` for one organisation opens the record as a consent does: the patient is told,
    // unless they set it themself.
    case 'SharingPreferenceSet':
      return text(event.data, 'preference') === 'allow' && text(event.data, 'setBy') !== 'patient'
        ? [{ ...base, kind: 'sharing-consent-recorded' }]
        : [];
    case 'EmergencyAccessInvoked':
      return [{ ...base, kind: 'emergency-access' }];
    default:
      return [];
  }
};
