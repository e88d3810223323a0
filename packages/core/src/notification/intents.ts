import type { RecordedEvent } from '../eventStore/envelope.js';
import type { MessageKind } from './port.js';
import { withKeys } from '../shared/withKeys.js';

/** A message the log says the patient is owed (docs/scenarios.md), before anything is looked up. */
export interface Intent {
  readonly kind: MessageKind;
  readonly cause: RecordedEvent;
  readonly patientId: string;
  readonly organisationId: string;
  /** For a code: the challenge (the code is derived from it) and the channel it was issued to. */
  readonly challengeId?: string;
  readonly issuedTo?: 'sms' | 'email';
  /** A code that goes to this proxy (their own contact details), not to the patient. */
  readonly proxyId?: string;
  /** One of several organisations one `allow` opened the record to (the others are their own intents). */
  readonly opened?: string;
}

/**
 * What a message is answered under on the notification stream: its kind, and for a code to a
 * proxy the proxy too, so a code to two people is two messages, each recorded once.
 */
export const answerKind = (kind: string, proxyId: string | undefined, opened?: string): string =>
  (proxyId === undefined ? kind : `${kind}\nproxy:${proxyId}`) +
  (opened === undefined ? '' : `\nopened:${opened}`);

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
  // Where the patient chose codes to go when it was issued (absent: the patient alone).
  const sendTo = (event.data as { sendTo?: { patient: boolean; proxyIds: readonly string[] } })
    .sendTo;
  const toPatient = sendTo?.patient ?? true;
  return [
    ...(issuedTo === undefined || !toPatient
      ? []
      : [withKeys(base, { kind: 'verification-code', challengeId, issuedTo })]),
    ...(sendTo?.proxyIds ?? []).map((proxyId) =>
      withKeys(base, { kind: 'verification-code', challengeId, proxyId }),
    ),
    ...(portal ? [withKeys(base, { kind: 'portal-approval-request', challengeId })] : []),
  ];
};

/**
 * An `allow` opens the record as a consent does: unless the patient set it themself, they are
 * told of the organisation it names and of each organisation it newly opened the record to.
 */
const allowIntents = (
  event: RecordedEvent,
  patientId: string,
  named: string | undefined,
): readonly Intent[] => {
  if (text(event.data, 'preference') !== 'allow' || text(event.data, 'setBy') === 'patient')
    return [];
  const opens = (event.data as { opens?: unknown }).opens;
  const opened = Array.isArray(opens)
    ? opens.filter((o): o is string => typeof o === 'string')
    : [];
  const base = { kind: 'sharing-consent-recorded' as const, cause: event, patientId };
  return [
    ...(named === undefined ? [] : [withKeys(base, { organisationId: named })]),
    // Each further organisation is its own message, answered and keyed apart.
    ...opened
      .filter((organisationId) => organisationId !== named)
      .map((organisationId) => withKeys(base, { organisationId, opened: organisationId })),
  ];
};

/**
 * The intents one event gives rise to: a code issued or resent (and, when the challenge
 * reaches the portal, an approval request there), "X can now see your record" for every
 * sharing-in consent by whatever route (and every `allow` the patient did not set themself, for
 * each organisation it names or newly opened the record to), and emergency access. Everything else: none.
 */
export const intentsOf = (event: RecordedEvent): readonly Intent[] => {
  const patientId = text(event.data, 'patientId');
  if (event.type === 'SharingPreferenceSet')
    return patientId === undefined
      ? []
      : allowIntents(event, patientId, text(event.data, 'organisationId'));
  // The maintenance sweep's notices (docs/facade-api.md, `runMaintenance`); no organisation
  // for a preference for all, or for a proxy.
  if (event.type === 'ConsentEndNoticed' || event.type === 'ProxyEndNoticed')
    return patientId === undefined
      ? []
      : [
          {
            kind: event.type === 'ConsentEndNoticed' ? 'consent-ended' : 'proxy-access-ended',
            cause: event,
            patientId,
            organisationId: text(event.data, 'organisationId') ?? '',
          },
        ];
  // A new registered practice can see the record as the practice: the patient is told so.
  const organisationId =
    event.type === 'RegisteredPracticeChanged'
      ? text(event.data, 'practiceId')
      : text(event.data, 'organisationId');
  if (patientId === undefined || organisationId === undefined) return [];
  const base = { cause: event, patientId, organisationId };
  switch (event.type) {
    case 'VerificationChallengeIssued':
    case 'VerificationCodeResent':
      return codeIntents(event, base);
    case 'SharingInConsentRecorded':
      return text(event.data, 'answer') === 'consent'
        ? [withKeys(base, { kind: 'sharing-consent-recorded' })]
        : [];
    case 'EmergencyAccessInvoked':
      return [withKeys(base, { kind: 'emergency-access' })];
    case 'RegisteredPracticeChanged':
      return [withKeys(base, { kind: 'sharing-consent-recorded' })];
    default:
      return [];
  }
};
