import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { checkMessage } from '../notification/checkMessage.js';
import type {
  Channel,
  DeliveryReceipt,
  MessageKind,
  Notifier,
  NotifierError,
  OutgoingMessage,
} from '../notification/port.js';

/** The kinds of message whose personalisation carries a `code`. */
const CODE_BEARING: readonly MessageKind[] = ['verification-code', 'sign-in-code'];

export interface CapturingNotifierOptions {
  readonly name?: string;
  readonly channels?: readonly Channel[];
  /** Pretend to be a channel that cannot deduplicate (like SMTP or GOV.UK Notify). Default true. */
  readonly honoursIdempotencyKeys?: boolean;
}

/** An in-memory notifier for tests and development: it keeps every message it delivers. */
export interface CapturingNotifier extends Notifier {
  /** Every message delivered, oldest first. A repeated idempotency key is not delivered again. */
  sent(): readonly OutgoingMessage[];
  messagesTo(recipient: string): readonly OutgoingMessage[];
  /** The last verification or sign-in message sent to the recipient. */
  lastCodeMessageFor(recipient: string): OutgoingMessage | undefined;
  /** The code in that message (its `code` personalisation value). */
  lastCodeFor(recipient: string): string | undefined;
  /** Makes the next `times` sends fail with this error (a scripted provider outage). */
  failNext(error: NotifierError, times?: number): void;
  /** How many times `send` was called, failures and repeats included. */
  attempts(): number;
}

/** Creates a notifier that delivers into memory; see {@link CapturingNotifier}. */
export const capturingNotifier = (options: CapturingNotifierOptions = {}): CapturingNotifier => {
  const channels = options.channels ?? (['sms', 'email'] as const);
  const honoursIdempotencyKeys = options.honoursIdempotencyKeys ?? true;
  const delivered: OutgoingMessage[] = [];
  const receiptsByKey = new Map<string, DeliveryReceipt>();
  const scriptedFailures: NotifierError[] = [];
  let attempts = 0;

  const deliver = (message: OutgoingMessage): E.Either<NotifierError, DeliveryReceipt> => {
    const failure = scriptedFailures.shift();
    if (failure !== undefined) return E.left(failure);
    const earlier = honoursIdempotencyKeys ? receiptsByKey.get(message.idempotencyKey) : undefined;
    if (earlier !== undefined) return E.right(earlier);
    delivered.push(message);
    const receipt: DeliveryReceipt = {
      providerMessageId: `captured-${delivered.length}`,
      channel: message.channel,
    };
    receiptsByKey.set(message.idempotencyKey, receipt);
    return E.right(receipt);
  };

  const messagesTo = (recipient: string): readonly OutgoingMessage[] =>
    delivered.filter((m) => m.to === recipient);
  const lastCodeMessageFor = (recipient: string): OutgoingMessage | undefined =>
    messagesTo(recipient)
      .filter((m) => CODE_BEARING.includes(m.kind))
      .at(-1);

  return {
    name: options.name ?? 'capturing',
    honoursIdempotencyKeys,
    channels,
    // Lazy like any TaskEither: nothing is recorded until the task is run.
    send:
      (message): TE.TaskEither<NotifierError, DeliveryReceipt> =>
      () => {
        attempts += 1;
        return Promise.resolve(E.flatMap(checkMessage(channels, message), deliver));
      },
    sent: () => [...delivered],
    messagesTo,
    lastCodeMessageFor,
    lastCodeFor: (recipient) => lastCodeMessageFor(recipient)?.personalisation['code'],
    failNext: (error, times = 1) => {
      for (let i = 0; i < times; i += 1) scriptedFailures.push(error);
    },
    attempts: () => attempts,
  };
};
