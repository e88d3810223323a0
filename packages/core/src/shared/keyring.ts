import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { brandedString } from './brandedString.js';

export interface KeyIdBrand {
  readonly KeyId: unique symbol;
}
export const KeyId = brandedString<KeyIdBrand>('KeyId', 'a key id', (s) =>
  /^[A-Za-z0-9._-]{1,64}$/.test(s),
);
export type KeyId = t.TypeOf<typeof KeyId>;

/** A secret key with the id events record instead of the key. */
export interface KeyringKey {
  readonly keyId: KeyId;
  readonly secret: Uint8Array;
}

/** Verification keys (docs/domain.md (verification codes)): new challenges use `current()`; old ones are verified with the key their event names. */
export interface Keyring {
  current(): KeyringKey;
  find(keyId: string): KeyringKey | undefined;
}

export interface KeyringSecrets {
  /** The key id new challenges use. */
  readonly currentKeyId: string;
  /** key id → secret (at least 32 bytes: base64 with a `base64:` prefix, or plain text). */
  readonly keys: Readonly<Record<string, string>>;
}

const MIN_SECRET_BYTES = 32;

const decodeSecret = (text: string): Uint8Array =>
  text.startsWith('base64:') ? Buffer.from(text.slice(7), 'base64') : Buffer.from(text, 'utf8');

/** Builds a keyring from configured secrets; rotation = add a key, make it current, keep the old one until its challenges expire. */
export const keyringFromSecrets = (config: KeyringSecrets): E.Either<string, Keyring> => {
  const keys = new Map<string, KeyringKey>();
  for (const [keyId, text] of Object.entries(config.keys)) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(keyId)) return E.left(`keyring: invalid key id "${keyId}"`);
    const secret = decodeSecret(text);
    if (secret.length < MIN_SECRET_BYTES) {
      return E.left(`keyring: key "${keyId}" must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    keys.set(keyId, { keyId: keyId as KeyId, secret });
  }
  const current = keys.get(config.currentKeyId);
  if (current === undefined)
    return E.left(`keyring: current key "${config.currentKeyId}" is not in keys`);
  return E.right({ current: () => current, find: (keyId) => keys.get(keyId) });
};
