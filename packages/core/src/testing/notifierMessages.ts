import type { Channel, MessageKind, OutgoingMessage } from '../notification/port.js';

/** Every kind of message, so a contract run covers the whole catalogue. */
export const ALL_MESSAGE_KINDS: readonly MessageKind[] = [
  'verification-code',
  'sharing-consent-recorded',
  'emergency-access',
  'portal-approval-request',
  'sign-in-code',
  'consent-ended',
  'proxy-access-ended',
];

/** Test recipients: Ofcom's drama-range mobiles and example.org addresses, never real people. */
export const TEST_RECIPIENTS: Readonly<Record<Channel, readonly [string, string]>> = {
  sms: ['+447700900123', '+447700900456'],
  email: ['alice@example.org', 'bob@example.org'],
};

let serial = 0;

/**
 * A plausible message of the given kind for notifier tests. Each call gets its own
 * idempotency key and reference, so two calls are two different messages.
 */
export const sampleMessage = (
  kind: MessageKind,
  channel: Channel,
  overrides: Partial<OutgoingMessage> = {},
): OutgoingMessage => {
  serial += 1;
  const code = '314159';
  const carriesCode = kind === 'verification-code' || kind === 'sign-in-code';
  const body = carriesCode
    ? `Your Consentry security code is ${code}. It expires in 10 minutes. (${kind} ${serial})`
    : `Cornwall Hospital can now see your shared record. (${kind} ${serial})`;
  return {
    idempotencyKey: `test-${kind}-${serial}`,
    kind,
    channel,
    // Only looked up when not given, so a test may ask for a channel that does not exist.
    to: overrides.to ?? TEST_RECIPIENTS[channel][0],
    subject: carriesCode ? 'Your security code' : 'Who can see your record',
    body,
    personalisation: carriesCode ? { code } : { organisation: 'Cornwall Hospital' },
    reference: `ref-${serial}`,
    ...overrides,
  };
};
