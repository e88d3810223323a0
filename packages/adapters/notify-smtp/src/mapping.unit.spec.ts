import { classifySmtpFailure } from './mapping.js';

// The server-backed cases live in smtpNotifier.int.spec.ts; these are the replies that are
// awkward to provoke from a real server.
describe('classifySmtpFailure', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 552, command: 'DATA' }, 'rejected', false],
    [{ code: 'EMESSAGE', responseCode: 554, command: 'DATA' }, 'rejected', false],
    [{ code: 'EPROTOCOL', responseCode: 503, command: 'RCPT TO' }, 'unavailable', true],
    [{ code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN' }, 'unavailable', true],
    [{ code: 'EENVELOPE', responseCode: 421, command: 'MAIL FROM' }, 'unavailable', true],
    [{ code: 'ENOAUTH' }, 'auth', false],
    [{ code: 'EENVELOPE' }, 'invalid-recipient', false],
    [
      { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      'insecure-connection',
      false,
    ],
    [{ code: 'EDNS', originalCode: 'ENOTFOUND' }, 'unavailable', true],
    ['a thrown string', 'unavailable', true],
  ])('%j → %s', (cause, reason, retryable) => {
    expect(classifySmtpFailure(cause)).toMatchObject({ reason, retryable });
  });
});
