import * as E from 'fp-ts/lib/Either.js';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  type PrivateKeyInput,
  type PublicKeyInput,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CheckpointSigningKey } from '@consentry/core';

/** Files in the data folder: the development signing key and the public keys it vouches for. */
export const DEV_AUDIT_KEY_FILE = 'dev-audit-key.txt';
export const PUBLIC_KEYS_FILE = 'audit-public-keys.txt';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

const splitId = (text: string, what: string): E.Either<string, [string, string]> => {
  const colon = text.indexOf(':');
  const id = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!KEY_ID.test(id)) return E.left(`${what} must start with a key id and a colon (id:key)`);
  return E.right([id, text.slice(colon + 1).trim()]);
};

const tryKey = (make: () => KeyObject, what: string): E.Either<string, KeyObject> => {
  try {
    const key = make();
    return key.asymmetricKeyType === 'ed25519'
      ? E.right(key)
      : E.left(`${what} is not an Ed25519 key`);
  } catch {
    return E.left(`${what} is not a readable key (PEM, or base64 DER)`);
  }
};

// PEM text as is; otherwise base64 of the DER (PKCS#8 for private, SPKI for public keys).
const privateInput = (text: string): PrivateKeyInput =>
  text.includes('-----BEGIN')
    ? { key: text.replace(/\\n/g, '\n'), format: 'pem' }
    : { key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' };
const publicInput = (text: string): PublicKeyInput =>
  text.includes('-----BEGIN')
    ? { key: text.replace(/\\n/g, '\n'), format: 'pem' }
    : { key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' };

/** `id:<PEM or base64 PKCS#8>` → the Ed25519 key that signs checkpoints. */
export const parseSigningKey = (text: string): E.Either<string, CheckpointSigningKey> => {
  const split = splitId(text, 'CONSENTRY_AUDIT_KEY');
  if (E.isLeft(split)) return split;
  const [keyId, body] = split.right;
  return E.map((privateKey: KeyObject) => ({ keyId, privateKey }))(
    tryKey(() => createPrivateKey(privateInput(body)), 'CONSENTRY_AUDIT_KEY'),
  );
};

/** Lines or commas of `id:<PEM or base64 SPKI>`; blank lines and `#` comments are skipped. */
export const parsePublicKeys = (
  text: string,
  what: string,
): E.Either<string, Map<string, KeyObject>> => {
  const keys = new Map<string, KeyObject>();
  const entries = text.includes('-----BEGIN') ? [text] : text.split(/[\n,]/);
  for (const entry of entries.map((e) => e.trim()).filter((e) => e !== '' && !e.startsWith('#'))) {
    const split = splitId(entry, what);
    if (E.isLeft(split)) return split;
    const key = tryKey(
      () => createPublicKey(publicInput(split.right[1])),
      `${what} (${split.right[0]})`,
    );
    if (E.isLeft(key)) return key;
    keys.set(split.right[0], key.right);
  }
  return E.right(keys);
};

/** `id:<base64 SPKI>`: how a public key is written in the files and variables. */
export const publicKeyLine = (keyId: string, key: KeyObject): string =>
  `${keyId}:${(key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' }).toString('base64')}`;

/** A new key pair as the two lines to configure: the private key (keep secret) and the public key. */
export const newKeyPair = (
  keyId: string,
): { readonly privateLine: string; readonly publicLine: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateLine: `${keyId}:${privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}`,
    publicLine: publicKeyLine(keyId, publicKey),
  };
};

/** Adds the public key to the data folder's list, once, so `audit verify` on this host knows it. */
const rememberPublicKey = (dataDir: string, key: CheckpointSigningKey): void => {
  const file = path.join(dataDir, PUBLIC_KEYS_FILE);
  const line = publicKeyLine(key.keyId, key.privateKey);
  const held = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (!held.split('\n').includes(line)) fs.appendFileSync(file, `${line}\n`);
};

/**
 * The checkpoint signing key: CONSENTRY_AUDIT_KEY, else in development a key made once in the
 * data folder (with a warning); production never makes one. Its public key is added to the
 * folder's list.
 */
export const signingKey = (
  env: NodeJS.ProcessEnv,
  dataDir: string,
  mode: 'development' | 'production',
  warn: (message: string) => void,
): E.Either<string, CheckpointSigningKey> => {
  const configured = env['CONSENTRY_AUDIT_KEY'];
  let key: E.Either<string, CheckpointSigningKey>;
  if (configured !== undefined && configured !== '') key = parseSigningKey(configured);
  else if (mode === 'production')
    return E.left('CONSENTRY_AUDIT_KEY is required in production mode');
  else {
    const file = path.join(dataDir, DEV_AUDIT_KEY_FILE);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, `${newKeyPair('dev-audit-1').privateLine}\n`, { mode: 0o600 });
      warn(
        `CONSENTRY_AUDIT_KEY is not set: generated a development checkpoint key in ${file}. Set CONSENTRY_AUDIT_KEY in production.`,
      );
    }
    key = parseSigningKey(fs.readFileSync(file, 'utf8').trim());
  }
  if (E.isRight(key)) rememberPublicKey(dataDir, key.right);
  return key;
};

/**
 * The public keys `audit verify` trusts: a file given with --public-keys only, or else
 * CONSENTRY_AUDIT_PUBLIC_KEYS, the data folder's list and the configured signing key's own.
 */
export const trustedPublicKeys = (
  env: NodeJS.ProcessEnv,
  dataDir: string,
  file: string | undefined,
): E.Either<string, Map<string, KeyObject>> => {
  if (file !== undefined) {
    if (!fs.existsSync(file)) return E.left(`--public-keys: no such file ${file}`);
    return parsePublicKeys(fs.readFileSync(file, 'utf8'), file);
  }
  const keys = new Map<string, KeyObject>();
  const sources: [string, string | undefined][] = [
    ['CONSENTRY_AUDIT_PUBLIC_KEYS', env['CONSENTRY_AUDIT_PUBLIC_KEYS']],
    [
      PUBLIC_KEYS_FILE,
      fs.existsSync(path.join(dataDir, PUBLIC_KEYS_FILE))
        ? fs.readFileSync(path.join(dataDir, PUBLIC_KEYS_FILE), 'utf8')
        : undefined,
    ],
  ];
  for (const [what, text] of sources) {
    if (text === undefined || text.trim() === '') continue;
    const parsed = parsePublicKeys(text, what);
    if (E.isLeft(parsed)) return parsed;
    for (const [id, key] of parsed.right) keys.set(id, key);
  }
  const own = env['CONSENTRY_AUDIT_KEY'];
  if (own !== undefined && own !== '') {
    const parsed = parseSigningKey(own);
    if (E.isLeft(parsed)) return parsed;
    keys.set(parsed.right.keyId, createPublicKey(parsed.right.privateKey));
  }
  return E.right(keys);
};
