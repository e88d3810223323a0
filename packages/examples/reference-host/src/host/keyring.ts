import * as E from 'fp-ts/lib/Either.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyringFromSecrets, type Keyring } from '@consentry/core';

/** `id:base64key,id:base64key` — the first key is the one new challenges use. */
export const parseKeyring = (text: string): E.Either<string, Keyring> => {
  const entries = text.split(',').map((entry) => entry.trim().split(':') as [string, string]);
  const first = entries[0];
  if (first === undefined) return E.left('keyring: no keys');
  return keyringFromSecrets({
    currentKeyId: first[0],
    keys: Object.fromEntries(entries.map(([id, key]) => [id, `base64:${key}`])),
  });
};

/**
 * A development keyring kept in the data folder, made on first start. Fine on a laptop;
 * production refuses to start without CONSENTRY_KEYRING (config.ts, and openHost in
 * wiring.ts), so this is never called there.
 */
export const developmentKeyring = (
  dataDir: string,
  warn: (message: string) => void,
): E.Either<string, Keyring> => {
  const file = path.join(dataDir, 'dev-keyring.txt');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `dev-1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    warn(
      `CONSENTRY_KEYRING is not set: generated a development key in ${file}. Set CONSENTRY_KEYRING in production.`,
    );
  }
  return parseKeyring(fs.readFileSync(file, 'utf8').trim());
};
