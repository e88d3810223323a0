import type { Channel, MessageKind, OutgoingMessage } from '../notification/port.js';
import type { PatientState } from '../patient/state.js';
import type { VerificationChannel } from '../verification/codecs.js';

type Registered = Extract<PatientState, { status: 'registered' }>;

/** What building a message may look up; the code is derived on demand and never stored. */
export interface MessageLookup {
  readonly patient: Registered;
  readonly organisationName: (organisationId: string) => string;
  /** The code of a challenge (derived with its keyring key), if the key is still held. */
  readonly codeFor: (challengeId: string) => string | undefined;
  /** When a challenge expires, for the message text. */
  readonly expiryOf: (challengeId: string) => string | undefined;
}

interface Source {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly eventId: string };
}

const recipient = (patient: Registered, channel: VerificationChannel): { channel: Channel; to: string } | undefined => {
  if (channel === 'sms' && patient.contact.mobile !== undefined) return { channel, to: patient.contact.mobile };
  if (channel === 'email' && patient.contact.email !== undefined) return { channel, to: patient.contact.email };
  return undefined;
};

/** The preferred channel when it has a contact, else the other one. */
const preferredRecipient = (patient: Registered) =>
  recipient(patient, patient.contact.preferredChannel ?? 'sms') ?? recipient(patient, 'sms') ?? recipient(patient, 'email');

const hhmm = (iso: string | undefined): string => (iso === undefined ? 'soon' : `${iso.slice(11, 16)} UTC`);

const message = (
  source: Source,
  kind: MessageKind,
  to: { channel: Channel; to: string },
  subject: string,
  body: string,
  personalisation: Record<string, string>,
): OutgoingMessage => ({
  // One message per event and channel: a retried hand-off never sends a second copy where the channel honours keys.
  idempotencyKey: `${source.metadata.eventId}:${to.channel}`,
  kind,
  ...to,
  subject,
  body,
  personalisation,
  reference: source.metadata.eventId,
});

const codeMessage = (source: Source, data: { challengeId: string; organisationId: string; channel: VerificationChannel }, lookup: MessageLookup): OutgoingMessage[] => {
  const to = recipient(lookup.patient, data.channel);
  const code = lookup.codeFor(data.challengeId);
  if (to === undefined || code === undefined) return [];
  const organisation = lookup.organisationName(data.organisationId);
  const expires = hhmm(lookup.expiryOf(data.challengeId));
  const body = `${organisation} has asked to see your shared GP record. If you agree, give them this security code: ${code}. It expires at ${expires}. If you do not agree, do not share the code.`;
  return [message(source, 'verification-code', to, 'Your security code', body, { code, organisation, expires })];
};

/**
 * The messages DESIGN §8 counts, built from one appended event: a code issued or resent,
 * "X can now see your record" for every recorded sharing-in consent, and emergency access.
 * Pure, so the later outbox reactor can build the same messages from the event log.
 */
export const messagesForEvent = (source: Source, lookup: MessageLookup): readonly OutgoingMessage[] => {
  const data = source.data as Record<string, string>;
  switch (source.type) {
    case 'VerificationChallengeIssued':
    case 'VerificationCodeResent':
      return codeMessage(source, source.data as { challengeId: string; organisationId: string; channel: VerificationChannel }, lookup);
    case 'SharingInConsentRecorded': {
      const to = preferredRecipient(lookup.patient);
      if (data['answer'] !== 'consent' || to === undefined) return [];
      const organisation = lookup.organisationName(data['organisationId'] ?? '');
      const body = `${organisation} can now see your shared GP record. You can change this at any time in the portal or by asking your GP practice.`;
      return [message(source, 'sharing-consent-recorded', to, `${organisation} can now see your record`, body, { organisation })];
    }
    case 'EmergencyAccessInvoked': {
      const to = preferredRecipient(lookup.patient);
      if (to === undefined) return [];
      const organisation = lookup.organisationName(data['organisationId'] ?? '');
      const body = `${organisation} opened your shared GP record in an emergency. Reason given: ${data['justification'] ?? ''}. Your practice's privacy officer will review it.`;
      return [message(source, 'emergency-access', to, 'Your record was opened in an emergency', body, { organisation, justification: data['justification'] ?? '' })];
    }
    default:
      return [];
  }
};
