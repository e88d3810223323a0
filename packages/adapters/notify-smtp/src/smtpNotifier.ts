import { createHash } from 'node:crypto';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  checkMessage,
  notifierError,
  type DeliveryReceipt,
  type Notifier,
  type NotifierError,
  type OutgoingMessage,
  withDeadline,
} from '@consentry/core';
import type { SendMailOptions } from 'nodemailer';
import { classifySmtpFailure } from './mapping.js';

/** The one call the notifier needs from a nodemailer transport (any transport with `sendMail`). */
export interface MailTransport {
  sendMail(
    mail: SendMailOptions,
  ): Promise<{ readonly messageId: string; readonly rejected?: readonly unknown[] }>;
}

export interface SmtpNotifierOptions {
  /** The From address, e.g. `"Consentry" <no-reply@practice.example>`. */
  readonly from: string;
  /** Right-hand side of the Message-ID; defaults to the domain of `from`. */
  readonly messageIdDomain?: string;
  /** Backstop on one send, for transports built without their own timeouts. Default 60 s. */
  readonly sendTimeoutMs?: number;
  readonly name?: string;
}

const domainOf = (from: string): string => /@([^\s>]+)/.exec(from)?.[1] ?? 'consentry.invalid';

/**
 * The same idempotency key always gives the same Message-ID, so a repeat after a crash can be
 * recognised in the mailbox and the server logs. It is hashed because the key is ours, not the world's.
 */
export const messageIdFor = (idempotencyKey: string, domain: string): string =>
  `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;

/**
 * A notifier that sends e-mail through a nodemailer transport (see `smtpTransport`). It cannot
 * deduplicate: SMTP has no idempotency key, so `honoursIdempotencyKeys` is false; a repeat
 * carries the same Message-ID.
 */
export const smtpNotifier = (transport: MailTransport, options: SmtpNotifierOptions): Notifier => {
  const domain = options.messageIdDomain ?? domainOf(options.from);
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  const channels = ['email'] as const;

  const deliver = (m: OutgoingMessage): TE.TaskEither<NotifierError, DeliveryReceipt> =>
    pipe(
      TE.tryCatch(
        () =>
          withDeadline(sendTimeoutMs, () =>
            transport.sendMail({
              from: options.from,
              to: m.to,
              subject: m.subject,
              text: m.body,
              messageId: messageIdFor(m.idempotencyKey, domain),
              headers: { 'X-Consentry-Reference': m.reference },
            }),
          ),
        classifySmtpFailure,
      ),
      // With one recipient a refusal is normally an error, but a transport may report it here instead.
      TE.flatMap((info) =>
        info.rejected !== undefined && info.rejected.length > 0
          ? TE.left(notifierError('invalid-recipient', 'the server refused the recipient'))
          : TE.right<NotifierError, DeliveryReceipt>({
              providerMessageId: info.messageId,
              channel: 'email',
            }),
      ),
    );

  return {
    name: options.name ?? 'smtp',
    honoursIdempotencyKeys: false,
    channels,
    send: (m) => pipe(TE.fromEither(checkMessage(channels, m)), TE.flatMap(deliver)),
  };
};
