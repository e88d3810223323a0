import * as E from 'fp-ts/lib/Either.js';
import {
  createTransport,
  type SMTPTransportOptions,
  type Transporter,
  type SMTPSentMessageInfo,
} from 'nodemailer';

/**
 * How the connection is protected. `starttls` (the default) upgrades a plain connection and
 * refuses to send if the server does not offer it; `tls` is TLS from the first byte (port 465);
 * `none` sends in the clear and is meant for a relay on the same host or for tests.
 */
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Extra TLS options: a private CA, the name on the certificate, or (tests only) no verification. */
  readonly tls?: {
    readonly ca?: string | Buffer;
    readonly servername?: string;
    readonly rejectUnauthorized?: boolean;
  };
  /** Milliseconds to wait for each stage; every failure to meet one is a retryable `timeout`. */
  readonly timeouts?: {
    readonly connectMs?: number;
    readonly greetingMs?: number;
    readonly socketMs?: number;
  };
}

export interface InvalidSmtpSettings {
  readonly _tag: 'InvalidSmtpSettings';
  readonly field: string;
  readonly message: string;
}

const invalid = (field: string, message: string): E.Either<InvalidSmtpSettings, never> =>
  E.left({ _tag: 'InvalidSmtpSettings', field, message });

const DEFAULT_PORT: Readonly<Record<SmtpSecurity, number>> = { starttls: 587, tls: 465, none: 25 };

/** nodemailer's options for these settings; the timeouts default to 10 s, 10 s and 30 s. */
export const smtpTransportOptions = (s: SmtpSettings): SMTPTransportOptions => ({
  host: s.host,
  port: s.port,
  secure: s.security === 'tls',
  requireTLS: s.security === 'starttls',
  ignoreTLS: s.security === 'none',
  ...(s.auth ? { auth: { user: s.auth.user, pass: s.auth.pass } } : {}),
  ...(s.tls ? { tls: { ...s.tls } } : {}),
  connectionTimeout: s.timeouts?.connectMs ?? 10_000,
  greetingTimeout: s.timeouts?.greetingMs ?? 10_000,
  socketTimeout: s.timeouts?.socketMs ?? 30_000,
});

/** A nodemailer transport for these settings. */
export const smtpTransport = (s: SmtpSettings): Transporter<SMTPSentMessageInfo> =>
  createTransport(smtpTransportOptions(s));

const positiveInteger = (
  field: string,
  raw: string | null,
): E.Either<InvalidSmtpSettings, number | undefined> => {
  if (raw === null) return E.right(undefined);
  const n = Number(raw);
  return Number.isInteger(n) && n > 0
    ? E.right(n)
    : invalid(field, `${field} must be a positive whole number`);
};

/**
 * Reads `smtp://user:pass@host:587` (STARTTLS required), `smtps://…:465` (TLS) or
 * `smtp://host:25?security=none`, with optional `timeoutMs` for every stage.
 */
export const smtpSettingsFromUrl = (raw: string): E.Either<InvalidSmtpSettings, SmtpSettings> => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid('url', 'not a URL; expected smtp://user:pass@host:587 or smtps://…');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return invalid('url', 'the scheme must be smtp or smtps');
  if (url.hostname === '') return invalid('host', 'the URL has no host');
  const asked =
    url.searchParams.get('security') ?? (url.protocol === 'smtps:' ? 'tls' : 'starttls');
  if (asked !== 'starttls' && asked !== 'tls' && asked !== 'none') {
    return invalid('security', 'security must be starttls, tls or none');
  }
  const security: SmtpSecurity = asked;
  const user = decodeURIComponent(url.username);
  return E.map((timeoutMs: number | undefined): SmtpSettings => ({
    host: url.hostname,
    port: url.port === '' ? DEFAULT_PORT[security] : Number(url.port),
    security,
    ...(user !== '' ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    ...(timeoutMs !== undefined
      ? { timeouts: { connectMs: timeoutMs, greetingMs: timeoutMs, socketMs: timeoutMs } }
      : {}),
  }))(positiveInteger('timeoutMs', url.searchParams.get('timeoutMs')));
};

/** {@link smtpSettingsFromUrl} then {@link smtpTransport}. */
export const smtpTransportFromUrl = (
  raw: string,
): E.Either<InvalidSmtpSettings, Transporter<SMTPSentMessageInfo>> =>
  E.map(smtpTransport)(smtpSettingsFromUrl(raw));
