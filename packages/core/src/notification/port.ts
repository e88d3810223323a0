import type * as TE from 'fp-ts/lib/TaskEither.js';

export type Channel = 'sms' | 'email';

/** One template per kind of message the patient can be sent. */
export type MessageKind =
  | 'verification-code'
  | 'sharing-consent-recorded'
  | 'emergency-access'
  | 'portal-approval-request'
  | 'sign-in-code'
  /** A time-limited consent ended (sent only when the patient asked to be told). */
  | 'consent-ended'
  /** A proxy's access ended by the clock (its end date, or a parent's at the child's 16th birthday). */
  | 'proxy-access-ended';

export interface OutgoingMessage {
  /** Derived from the event that caused the message, so a retry never sends a second copy where the channel honours it. */
  readonly idempotencyKey: string;
  readonly kind: MessageKind;
  readonly channel: Channel;
  /** UK mobile in E.164 form (+447…) for sms; an e-mail address for email. */
  readonly to: string;
  /** Plain-English subject (e-mail only; never holds a code). */
  readonly subject: string;
  /** Rendered plain-text body. */
  readonly body: string;
  /** The values the template was rendered with (for providers that render themselves, like GOV.UK Notify). */
  readonly personalisation: Readonly<Record<string, string>>;
  /** A reference to find the message again at the provider; holds no personal data. */
  readonly reference: string;
}

export interface DeliveryReceipt {
  /** The provider's id for the message. */
  readonly providerMessageId: string;
  readonly channel: Channel;
}

export type NotifierFailureReason =
  | 'invalid-recipient'
  | 'rejected'
  | 'auth'
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  /** The message asks for a channel this notifier does not send (e-mail to an SMS-only notifier). */
  | 'unsupported-channel'
  /** The connection could not be made as securely as configured (TLS required but not offered, bad certificate). */
  | 'insecure-connection';

export interface NotifierError {
  readonly _tag: 'NotifierError';
  readonly code: 'CONSENTRY_NOTIFIER_ERROR';
  readonly reason: NotifierFailureReason;
  /** True when the same message may succeed if sent again later. */
  readonly retryable: boolean;
  readonly message: string;
}

/** The notifier port (docs/event-store.md): sends one message, returns a receipt or a classified error. */
export interface Notifier {
  readonly name: string;
  /** True when sending the same idempotency key twice delivers one message. */
  readonly honoursIdempotencyKeys: boolean;
  readonly channels: readonly Channel[];
  send(message: OutgoingMessage): TE.TaskEither<NotifierError, DeliveryReceipt>;
}

const RETRYABLE: Readonly<Record<NotifierFailureReason, boolean>> = {
  'invalid-recipient': false,
  rejected: false,
  auth: false,
  'rate-limited': true,
  unavailable: true,
  timeout: true,
  'unsupported-channel': false,
  'insecure-connection': false,
};

/** Builds a classified notifier error; whether it is retryable follows from the reason. */
export const notifierError = (reason: NotifierFailureReason, message: string): NotifierError => ({
  _tag: 'NotifierError',
  code: 'CONSENTRY_NOTIFIER_ERROR',
  reason,
  retryable: RETRYABLE[reason],
  message,
});

export const isNotifierError = (e: unknown): e is NotifierError =>
  typeof e === 'object' &&
  e !== null &&
  (e as { code?: unknown }).code === 'CONSENTRY_NOTIFIER_ERROR';
