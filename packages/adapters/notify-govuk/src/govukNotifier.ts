import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  checkMessage,
  type Channel,
  type DeliveryReceipt,
  type MessageKind,
  type Notifier,
  type NotifierError,
  type OutgoingMessage,
  withDeadline,
} from '@consentry/core';
import { classifyNotifyFailure } from './mapping.js';

interface SendOptions {
  personalisation?: Record<string, string>;
  reference?: string;
}

/** The two calls the notifier needs from `NotifyClient` (notifications-node-client). */
export interface NotifySender {
  sendSms(
    templateId: string,
    phoneNumber: string,
    options?: SendOptions,
  ): Promise<{ data: { id: string } }>;
  sendEmail(
    templateId: string,
    emailAddress: string,
    options?: SendOptions,
  ): Promise<{ data: { id: string } }>;
}

/** A Notify template id for every kind of message, for one channel. */
export type NotifyTemplateIds = Readonly<Record<MessageKind, string>>;

/**
 * The same template for every kind: for a generic Notify template of `((subject))` / `((body))`,
 * used with `sendRenderedText: true`.
 */
export const oneTemplateForEveryKind = (templateId: string): NotifyTemplateIds => ({
  'verification-code': templateId,
  'sharing-consent-recorded': templateId,
  'emergency-access': templateId,
  'portal-approval-request': templateId,
  'sign-in-code': templateId,
  'consent-ended': templateId,
  'proxy-access-ended': templateId,
});

export interface GovukNotifierOptions {
  /** Template ids per channel. The notifier sends on exactly the channels listed here. */
  readonly templates: Readonly<Partial<Record<Channel, NotifyTemplateIds>>>;
  /**
   * Also send the rendered `subject` and `body` as personalisation, for a generic Notify template
   * of `((subject))` / `((body))`. Off by default: Notify then gets only the template's own fields.
   */
  readonly sendRenderedText?: boolean;
  /** Backstop on one request, in ms, for clients built without a timeout. Default 30 s. */
  readonly timeoutMs?: number;
  readonly name?: string;
}

/**
 * A notifier that sends SMS and e-mail through GOV.UK Notify templates. Notify has no
 * idempotency key, so `honoursIdempotencyKeys` is false; `reference` lets staff find a message
 * in Notify's dashboard and API.
 */
export const govukNotifier = (client: NotifySender, options: GovukNotifierOptions): Notifier => {
  const channels = (['sms', 'email'] as const).filter((c) => options.templates[c] !== undefined);
  const timeoutMs = options.timeoutMs ?? 30_000;

  const personalisationOf = (m: OutgoingMessage): Record<string, string> =>
    options.sendRenderedText === true
      ? { ...m.personalisation, subject: m.subject, body: m.body }
      : { ...m.personalisation };

  const request = (m: OutgoingMessage, templateId: string) => {
    const sendOptions = { personalisation: personalisationOf(m), reference: m.reference };
    return m.channel === 'sms'
      ? client.sendSms(templateId, m.to, sendOptions)
      : client.sendEmail(templateId, m.to, sendOptions);
  };

  const deliver = (m: OutgoingMessage): TE.TaskEither<NotifierError, DeliveryReceipt> => {
    // checkMessage has already made sure the channel is one with templates.
    const templateId = options.templates[m.channel]?.[m.kind] ?? '';
    return TE.tryCatch(async () => {
      const response = await withDeadline(timeoutMs, () => request(m, templateId));
      return { providerMessageId: response.data.id, channel: m.channel };
    }, classifyNotifyFailure);
  };

  return {
    name: options.name ?? 'govuk-notify',
    honoursIdempotencyKeys: false,
    channels,
    send: (m) => pipe(TE.fromEither(checkMessage(channels, m)), TE.flatMap(deliver)),
  };
};
