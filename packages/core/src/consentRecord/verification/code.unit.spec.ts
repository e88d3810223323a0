import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { codeMatches, deriveCode, newChallengeId, truncate } from './code.js';
import { keyringFromSecrets, type KeyringKey } from '../../shared/keyring.js';
import type { KeyId } from './codecs.js';

const key = (secret: string, keyId = 'k1'): KeyringKey => ({
  keyId: keyId as KeyId,
  secret: Buffer.from(secret),
});

describe('verification codes (docs/domain.md (verification codes))', () => {
  it('truncates as RFC 4226 does (its Appendix D test vectors)', () => {
    const counter = (n: number): Buffer => Buffer.from([0, 0, 0, 0, 0, 0, 0, n]);
    const hotp = (n: number): string =>
      truncate(createHmac('sha1', '12345678901234567890').update(counter(n)).digest(), 6);
    expect([0, 1, 2, 9].map(hotp)).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('derives the code as HMAC-SHA-256(key, challenge id), truncated', () => {
    const k = key('12345678901234567890123456789012');
    const mac = createHmac('sha256', k.secret).update('challenge', 'utf8').digest();
    expect(deriveCode(k, 'challenge', 6)).toBe(truncate(mac, 6));
  });

  it('is 6 digits, stable for one key and challenge, different across keys and challenges', () => {
    const k1 = key('a'.repeat(32));
    const k2 = key('b'.repeat(32), 'k2');
    const id = newChallengeId();
    expect(deriveCode(k1, id, 6)).toMatch(/^\d{6}$/);
    expect(deriveCode(k1, id, 6)).toBe(deriveCode(k1, id, 6));
    const codes = new Set(Array.from({ length: 200 }, () => deriveCode(k1, newChallengeId(), 6)));
    expect(codes.size).toBeGreaterThan(190);
    expect(
      Array.from({ length: 20 }, () => newChallengeId()).some(
        (c) => deriveCode(k1, c, 6) !== deriveCode(k2, c, 6),
      ),
    ).toBe(true);
  });

  it('accepts the right code only, whatever its length', () => {
    const k = key('c'.repeat(32));
    const id = newChallengeId();
    const code = deriveCode(k, id, 6);
    expect(codeMatches(k, id, 6, code)).toBe(true);
    expect(codeMatches(k, id, 6, `${code}0`)).toBe(false);
    expect(codeMatches(k, id, 6, code.slice(0, 5))).toBe(false);
    expect(codeMatches(k, id, 6, String((Number(code) + 1) % 1_000_000).padStart(6, '0'))).toBe(
      false,
    );
  });

  it('challenge ids are random uuids', () => {
    expect(newChallengeId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(newChallengeId()).not.toBe(newChallengeId());
  });
});

describe('keyringFromSecrets', () => {
  it('finds every key by id and uses the current one for new challenges (rotation)', () => {
    const ring = keyringFromSecrets({
      currentKeyId: 'k2',
      keys: { k1: 'x'.repeat(32), k2: `base64:${Buffer.alloc(32, 7).toString('base64')}` },
    });
    expect(E.isRight(ring) && ring.right.current().keyId).toBe('k2');
    expect(E.isRight(ring) && ring.right.find('k1')?.secret.length).toBe(32);
    expect(E.isRight(ring) && ring.right.find('nope')).toBeUndefined();
  });
  it('refuses short secrets and a missing current key', () => {
    expect(keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: 'short' } })).toEqual(
      E.left('keyring: key "k1" must be at least 32 bytes'),
    );
    expect(E.isLeft(keyringFromSecrets({ currentKeyId: 'k9', keys: { k1: 'x'.repeat(32) } }))).toBe(
      true,
    );
  });
});
