import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { KeyScope } from './fields.js';

/** An unwrapped data key: 32 bytes for AES-256-GCM, and the id stored events name. */
export interface DataKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

/**
 * The key vault (docs/personal-data.md): per-person data keys, kept outside the append-only
 * log. `find` answers `erased` for a destroyed key, `undefined` for a key it never had
 * (another store's, or a vault restored from an older backup).
 */
export interface KeyVault {
  create(subject: string, scope: KeyScope): Promise<DataKey>;
  find(keyId: string): Promise<DataKey | 'erased' | undefined>;
  /** The keys not yet destroyed of the subject and of the subjects under it (`<subject>/…`). */
  liveKeys(
    subject: string,
  ): Promise<readonly { keyId: string; scope: KeyScope; subject: string }[]>;
  /**
   * Destroys the keys for good; bumps `erasures()`. Destroying an erased key is a no-op; a
   * store may finish an earlier erasure's clean-up on any call (even with no key).
   */
  destroy(keyIds: readonly string[]): Promise<void>;
  /**
   * A counter every host sees that grows on every destroy: a host caching unwrapped keys
   * drops its cache when it changes (see `personalDataStore`).
   */
  erasures(): Promise<number>;
}

/**
 * A key-encryption key: what a cloud KMS or an HSM implements (its Encrypt/Decrypt calls),
 * or `localKek` from a secret in the environment. `id` is stored with each wrapped key.
 */
export interface KeyEncryptionKey {
  readonly id: string;
  wrap(key: Uint8Array, associatedData: Uint8Array): Promise<Uint8Array>;
  unwrap(wrapped: Uint8Array, associatedData: Uint8Array): Promise<Uint8Array>;
}

/** The key-encryption keys a vault knows: new keys are wrapped by `current`; old rows name theirs. */
export interface KekRing {
  readonly current: KeyEncryptionKey;
  readonly find: (id: string) => KeyEncryptionKey | undefined;
}

export const kekRing = (current: KeyEncryptionKey, ...older: KeyEncryptionKey[]): KekRing => {
  const byId = new Map([current, ...older].map((k) => [k.id, k]));
  return { current, find: (id) => byId.get(id) };
};

/** A wrapped data key as a table row: nothing in it is personal, and the key is useless without the KEK. */
export interface WrappedKeyRow {
  readonly keyId: string;
  readonly subject: string;
  readonly scope: KeyScope;
  readonly kekId: string;
  /** base64 of the wrapped key. */
  readonly wrapped: string;
}

/**
 * Where a store keeps wrapped keys (a mutable table beside the events). `erase` must
 * delete securely: the row's bytes must not survive in the file, its WAL or free pages.
 */
export interface KeyTable {
  insert(row: WrappedKeyRow): Promise<void>;
  get(keyId: string): Promise<WrappedKeyRow | 'erased' | undefined>;
  /** The live rows of `subject` and of the subjects under it (`<subject>/…`). */
  live(subject: string): Promise<readonly WrappedKeyRow[]>;
  /** Also called with no key: then only finishes clean-up (e.g. empties a write-ahead log). */
  erase(keyIds: readonly string[]): Promise<void>;
  erasures(): Promise<number>;
  /** Every live row (for rotating the key-encryption key). */
  rows(): Promise<readonly WrappedKeyRow[]>;
  rewrap(keyId: string, kekId: string, wrapped: string): Promise<void>;
}

const NONCE = 12;
const TAG = 16;
const MIN_KEK_BYTES = 32;

/** A key-encryption key held in process (from `CONSENTRY_KEK`): AES-256-GCM key wrapping. */
export const localKek = (id: string, secret: Uint8Array): KeyEncryptionKey => {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`invalid key-encryption key id "${id}"`);
  if (secret.length < MIN_KEK_BYTES)
    throw new Error(`key-encryption key "${id}" must be ${MIN_KEK_BYTES} bytes`);
  const key = Buffer.from(secret.subarray(0, MIN_KEK_BYTES));
  return {
    id,
    wrap: (plain, aad) => {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Promise.resolve(Buffer.concat([nonce, body, cipher.getAuthTag()]));
    },
    unwrap: (wrapped, aad) => {
      const bytes = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE));
      decipher.setAAD(aad);
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
      return Promise.resolve(
        Buffer.concat([
          decipher.update(bytes.subarray(NONCE, bytes.length - TAG)),
          decipher.final(),
        ]),
      );
    },
  };
};

const wrapContext = (row: Pick<WrappedKeyRow, 'keyId' | 'subject' | 'scope'>): Buffer =>
  Buffer.from(`consentry/data-key/v1\n${row.keyId}\n${row.subject}\n${row.scope}`, 'utf8');

/** A `KeyVault` over a store's key table and a ring of key-encryption keys. */
export const keyVault = (table: KeyTable, keks: KekRing): KeyVault => ({
  create: async (subject, scope) => {
    const keyId = randomUUID();
    const key = randomBytes(32);
    const wrapped = await keks.current.wrap(key, wrapContext({ keyId, subject, scope }));
    await table.insert({
      keyId,
      subject,
      scope,
      kekId: keks.current.id,
      wrapped: Buffer.from(wrapped).toString('base64'),
    });
    return { keyId, key };
  },
  find: async (keyId) => {
    const row = await table.get(keyId);
    if (row === undefined || row === 'erased') return row;
    const kek = keks.find(row.kekId);
    if (kek === undefined)
      throw new Error(
        `data key ${keyId} is wrapped by key-encryption key "${row.kekId}", which is not configured`,
      );
    const key = await kek.unwrap(Buffer.from(row.wrapped, 'base64'), wrapContext(row));
    return { keyId, key };
  },
  liveKeys: async (subject) =>
    (await table.live(subject)).map((row) => ({
      keyId: row.keyId,
      scope: row.scope,
      subject: row.subject,
    })),
  destroy: (keyIds) => table.erase(keyIds),
  erasures: () => table.erasures(),
});

/**
 * Rewraps every live data key under `keks.current` (rotation of the key-encryption key):
 * events are not touched, since they name data keys, not the KEK. Returns how many rows moved.
 * Afterwards the old KEK can be retired (keep it until every host runs with the new one).
 */
export const rotateKek = async (table: KeyTable, keks: KekRing): Promise<number> => {
  let moved = 0;
  for (const row of await table.rows()) {
    if (row.kekId === keks.current.id) continue;
    const old = keks.find(row.kekId);
    if (old === undefined) throw new Error(`key-encryption key "${row.kekId}" is not configured`);
    const key = await old.unwrap(Buffer.from(row.wrapped, 'base64'), wrapContext(row));
    const wrapped = await keks.current.wrap(key, wrapContext(row));
    await table.rewrap(row.keyId, keks.current.id, Buffer.from(wrapped).toString('base64'));
    moved += 1;
  }
  return moved;
};
