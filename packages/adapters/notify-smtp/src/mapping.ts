import { notifierError, type NotifierError } from '@consentry/core';

/** The fields nodemailer sets on the errors it hands back (see its NodemailerError). */
interface SmtpFailure {
  readonly code?: unknown;
  /** The Node.js code behind an ESOCKET, e.g. ECONNREFUSED or CERT_HAS_EXPIRED. */
  readonly originalCode?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
  readonly message?: unknown;
}

const describe = (e: SmtpFailure): string => {
  const reply =
    typeof e.responseCode === 'number'
      ? `SMTP ${e.responseCode}`
      : typeof e.code === 'string'
        ? e.code
        : 'error';
  const command = typeof e.command === 'string' ? ` after ${e.command}` : '';
  return `${reply}${command}: ${typeof e.message === 'string' ? e.message : 'unknown failure'}`;
};

// A 5yz reply refuses the message for good (RFC 5321 §4.2.1), 4yz only for now.
// 503 is "bad sequence of commands": the session was confused, not the message refused.
const fromReply = (responseCode: number, e: SmtpFailure, text: string): NotifierError => {
  if (responseCode >= 500 && responseCode !== 503) {
    if (e.code === 'EAUTH') return notifierError('auth', text);
    // Refused at RCPT: the mailbox does not exist or is not accepted there.
    return notifierError(e.command === 'RCPT TO' ? 'invalid-recipient' : 'rejected', text);
  }
  return notifierError('unavailable', text);
};

// Node's codes for a certificate it will not trust (expired, self-signed, wrong name, unknown issuer).
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

// STARTTLS required but not offered (nodemailer insists and the server answers 5xx), or the
// certificate is not trusted. Sending again will not help until the server or settings change.
const isInsecure = (e: SmtpFailure): boolean =>
  e.code === 'ETLS' ||
  e.command === 'STARTTLS' ||
  (typeof e.originalCode === 'string' && CERTIFICATE_CODES.test(e.originalCode));

/**
 * Classifies whatever nodemailer rejected with. The native codes stay in this file; the
 * rest of the adapter (and the reactor) see only the port's reasons.
 */
export const classifySmtpFailure = (cause: unknown): NotifierError => {
  const e: SmtpFailure =
    typeof cause === 'object' && cause !== null ? cause : { message: String(cause) };
  const text = describe(e);
  if (isInsecure(e)) return notifierError('insecure-connection', text);
  if (typeof e.responseCode === 'number') return fromReply(e.responseCode, e, text);
  switch (e.code) {
    case 'ETIMEDOUT':
      return notifierError('timeout', text);
    case 'EAUTH':
    case 'ENOAUTH':
      return notifierError('auth', text);
    case 'EENVELOPE':
      return notifierError('invalid-recipient', text);
    case 'EMESSAGE':
      return notifierError('rejected', text);
    default:
      // ECONNECTION, ESOCKET (refused, reset), EDNS, EPROTOCOL and anything new: the server
      // was not reachable or not making sense, which is worth another try later.
      return notifierError('unavailable', text);
  }
};
