import * as t from 'io-ts';
import { streamName } from '../eventStore/streamName.js';

/** Where a notification went: a notifier channel, or the patient's portal (a portal item, not a message). */
export const DeliveryChannel = t.keyof({ sms: null, email: null, portal: null });
export type DeliveryChannel = t.TypeOf<typeof DeliveryChannel>;

const Kind = t.keyof({
  'verification-code': null,
  'sharing-consent-recorded': null,
  'emergency-access': null,
  'portal-approval-request': null,
  'sign-in-code': null,
  'consent-ended': null,
  'proxy-access-ended': null,
});

/** One channel that did not take the message: the classified reason only, never the provider's text (it may echo the address). */
export const ChannelFailure = t.type({
  channel: DeliveryChannel,
  reason: t.string,
  retryable: t.boolean,
  attempts: t.number,
  idempotencyKey: t.string,
});
export type ChannelFailure = t.TypeOf<typeof ChannelFailure>;

const about = { patientId: t.string, causationEventId: t.string, kind: Kind };
/**
 * A message to a proxy: which one (the patient it is about is `patientId`). `opened`: the
 * organisation the message names, when one event opened the record to several.
 */
const toProxy = t.partial({ proxyId: t.string, opened: t.string });

/**
 * A provider accepted the message (or the portal item was posted). Holds no code, no
 * phone number and no e-mail address: staff and auditors see the channel and the ids.
 */
export const NotificationSent = t.type({
  type: t.literal('NotificationSent'),
  data: t.intersection([
    t.type({
      ...about,
      channel: DeliveryChannel,
      idempotencyKey: t.string,
      notifier: t.string,
      providerMessageId: t.string,
      attempts: t.number,
      /** Channels tried first that failed (the message then went by this fallback channel). */
      earlierFailures: t.array(ChannelFailure),
    }),
    toProxy,
  ]),
});

/** Why no message went out for the causing event. */
export const NotificationFailureReason = t.keyof({
  /** Every channel the patient has failed permanently or ran out of retries. */
  'all-channels-failed': null,
  /** The patient has no mobile or e-mail to send to. */
  'no-contact-details': null,
  /** The challenge was used, locked or expired before the code could go out; a stale code helps nobody. */
  'challenge-closed': null,
  /** The keyring no longer holds the key the challenge names, so the code cannot be derived. */
  'key-not-held': null,
});
export type NotificationFailureReason = t.TypeOf<typeof NotificationFailureReason>;

export const NotificationFailed = t.type({
  type: t.literal('NotificationFailed'),
  data: t.intersection([
    t.type({ ...about, reason: NotificationFailureReason, failures: t.array(ChannelFailure) }),
    toProxy,
  ]),
});

export const NotificationEvent = t.union([NotificationSent, NotificationFailed]);
export type NotificationEvent = t.TypeOf<typeof NotificationEvent>;
export type NotificationSent = t.TypeOf<typeof NotificationSent>;
export type NotificationFailed = t.TypeOf<typeof NotificationFailed>;

/** Per-patient stream of what was sent or given up on: `notification-<patientId>`. */
export const notificationStream = (patientId: string): string =>
  streamName('notification', patientId);
