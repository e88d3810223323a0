import { parseCookieHeader, serializeCookie, signValue, unsignValue } from './cookies.js';

describe('session cookie helpers', () => {
  it('sign a value so that any change to value or signature is caught', () => {
    const signed = signValue('session-id', 'secret');
    expect(unsignValue(signed, 'secret')).toBe('session-id');
    expect(unsignValue(signed.replace('session-id', 'session-ie'), 'secret')).toBeNull();
    expect(unsignValue(`${signed.slice(0, -1)}A`, 'secret')).toBeNull();
    expect(unsignValue(signed, 'another secret')).toBeNull();
    expect(unsignValue('no-signature', 'secret')).toBeNull();
  });

  it('parse a Cookie header, keeping the first of a repeated name', () => {
    expect(parseCookieHeader('a=1; consentry_session=x%2Ey; a=2; broken; =v')).toEqual({
      a: '1',
      consentry_session: 'x.y',
    });
    expect(parseCookieHeader(undefined)).toEqual({});
  });

  it('write Set-Cookie with the flags asked for, and clear with Max-Age=0', () => {
    const options = { path: '/', httpOnly: true, secure: true, sameSite: 'Strict' } as const;
    expect(serializeCookie('s', 'v.1', options)).toBe(
      's=v.1; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(serializeCookie('s', '', { ...options, maxAgeSeconds: 0 })).toContain(
      'Max-Age=0; Expires=Thu, 01 Jan 1970',
    );
  });
});
