import * as E from 'fp-ts/lib/Either.js';
import { smtpSettingsFromUrl, smtpTransportOptions } from './settings.js';

describe('smtpSettingsFromUrl', () => {
  it('reads smtp:// as STARTTLS required on 587, with the credentials decoded', () => {
    expect(smtpSettingsFromUrl('smtp://mailer%40practice:p%40ss@smtp.example.org')).toEqual(
      E.right({
        host: 'smtp.example.org',
        port: 587,
        security: 'starttls',
        auth: { user: 'mailer@practice', pass: 'p@ss' },
      }),
    );
  });

  it('reads smtps:// as TLS on 465, and timeoutMs as every stage timeout', () => {
    expect(smtpSettingsFromUrl('smtps://smtp.example.org?timeoutMs=2000')).toEqual(
      E.right({
        host: 'smtp.example.org',
        port: 465,
        security: 'tls',
        timeouts: { connectMs: 2000, greetingMs: 2000, socketMs: 2000 },
      }),
    );
  });

  it('sends in the clear only when asked to by name', () => {
    expect(smtpSettingsFromUrl('smtp://localhost:2525?security=none')).toEqual(
      E.right({ host: 'localhost', port: 2525, security: 'none' }),
    );
  });

  it.each([
    ['not a url', 'url'],
    ['http://smtp.example.org', 'url'],
    ['smtp://smtp.example.org?security=maybe', 'security'],
    ['smtp://smtp.example.org?timeoutMs=soon', 'timeoutMs'],
    ['smtp://smtp.example.org?timeoutMs=-5', 'timeoutMs'],
  ])('names the bad field in %s', (url, field) => {
    expect(smtpSettingsFromUrl(url)).toEqual(
      E.left(expect.objectContaining({ _tag: 'InvalidSmtpSettings', field })),
    );
  });
});

describe('smtpTransportOptions', () => {
  const base = { host: 'smtp.example.org', port: 587 } as const;

  it('makes STARTTLS compulsory for starttls, so a server that drops it cannot downgrade the connection', () => {
    expect(smtpTransportOptions({ ...base, security: 'starttls' })).toMatchObject({
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
    });
  });

  it('uses TLS from the start for tls and never tries it for none', () => {
    expect(smtpTransportOptions({ ...base, security: 'tls' })).toMatchObject({
      secure: true,
      requireTLS: false,
    });
    expect(smtpTransportOptions({ ...base, security: 'none' })).toMatchObject({
      secure: false,
      ignoreTLS: true,
    });
  });

  it('bounds every stage by default, so a hung server is a timeout rather than a stuck reactor', () => {
    expect(smtpTransportOptions({ ...base, security: 'tls' })).toMatchObject({
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  });
});
