import * as E from 'fp-ts/lib/Either.js';
import { notifierError, type Channel, type NotifierError, type OutgoingMessage } from './port.js';

// A UK mobile in E.164 form: +44 7 and nine more digits (the form the port promises).
const UK_MOBILE = /^\+447\d{9}$/;
// Deliberately loose: one @, no spaces, a dot in the domain. The mail server has the last word.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const recipientLooksRight = (channel: Channel, to: string): boolean =>
  channel === 'sms' ? UK_MOBILE.test(to) : EMAIL.test(to);

/**
 * The checks every notifier makes before it talks to its provider, so that all of them
 * refuse the same messages with the same reasons: a channel they do not send, or a
 * recipient that cannot be right for the channel. Both are permanent.
 */
export const checkMessage = (
  channels: readonly Channel[],
  message: OutgoingMessage,
): E.Either<NotifierError, OutgoingMessage> => {
  if (!channels.includes(message.channel)) {
    return E.left(
      notifierError(
        'unsupported-channel',
        `this notifier sends ${channels.join(' and ') || 'nothing'}, not ${message.channel}`,
      ),
    );
  }
  if (!recipientLooksRight(message.channel, message.to)) {
    // The recipient itself is personal data, so the message names only the channel.
    return E.left(
      notifierError(
        'invalid-recipient',
        message.channel === 'sms'
          ? 'the recipient is not a UK mobile number in +447… form'
          : 'the recipient is not an e-mail address',
      ),
    );
  }
  return E.right(message);
};
