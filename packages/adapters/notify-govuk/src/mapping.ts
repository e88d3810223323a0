import { notifierError, type NotifierError } from '@consentry/core';

/** What axios rejects with: an HTTP answer from Notify, or a network failure before one. */
interface NotifyFailure {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly response?: { readonly status?: unknown; readonly data?: unknown };
}

/** Notify's error body: `{ status_code, errors: [{ error, message }] }`. */
interface NotifyErrorBody {
  readonly errors?: readonly { readonly error?: unknown; readonly message?: unknown }[];
}

const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

const firstError = (data: unknown): { error: string; message: string } => {
  const first = (data as NotifyErrorBody | undefined)?.errors?.[0];
  return { error: text(first?.error, 'UnknownError'), message: text(first?.message, 'no message') };
};

// Notify names the field it did not like at the start of a ValidationError message:
// "phone_number Not a UK mobile number", "email_address Not a valid email address".
const RECIPIENT_FIELD = /^(phone_number|email_address)\b/;

const fromStatus = (status: number, data: unknown): NotifierError => {
  const { error, message } = firstError(data);
  const described = `GOV.UK Notify ${status} ${error}: ${message}`;
  if (status === 400 && error === 'ValidationError' && RECIPIENT_FIELD.test(message)) {
    return notifierError('invalid-recipient', described);
  }
  if (status === 401 || status === 403) return notifierError('auth', described);
  // RateLimitError (requests per minute) and TooManyRequestsError (the daily limit) both pass with time.
  if (status === 429) return notifierError('rate-limited', described);
  if (status >= 500) return notifierError('unavailable', described);
  // Other 400s: trial mode, team-only key, template not found, missing personalisation.
  // All need a person to change something; resending the same request will not help.
  return notifierError('rejected', described);
};

// axios reports its own timeout as ECONNABORTED (ETIMEDOUT with clarifyTimeoutError).
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** Classifies a rejection from `notifications-node-client`; Notify's native shapes stay in this file. */
export const classifyNotifyFailure = (cause: unknown): NotifierError => {
  const e: NotifyFailure =
    typeof cause === 'object' && cause !== null ? cause : { message: String(cause) };
  if (typeof e.response?.status === 'number') return fromStatus(e.response.status, e.response.data);
  const described = `GOV.UK Notify not reached (${text(e.code, 'error')}): ${text(e.message, '')}`;
  if (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)) {
    return notifierError('timeout', described);
  }
  // Refused, reset, DNS, TLS trouble on the way: Notify is worth trying again later.
  return notifierError('unavailable', described);
};
