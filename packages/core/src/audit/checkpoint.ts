import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../eventStore/hashChain.js';

/** The last event of a stream as a checkpoint saw it. */
export interface StreamHead {
  readonly streamName: string;
  readonly version: bigint;
  readonly hash: string;
}

/**
 * A signed statement "at global position P these streams ended here". Each checkpoint
 * holds the heads of the streams that changed since the previous one and the digest of
 * that previous checkpoint, so the checkpoints form a chain of their own.
 */
export interface Checkpoint {
  readonly sequence: number;
  readonly createdAt: string;
  readonly coversPosition: bigint;
  readonly heads: readonly StreamHead[];
  readonly previousDigest: string;
  readonly keyId: string;
  /** Ed25519 signature (base64) over the canonical payload. */
  readonly signature: string;
}

export interface CheckpointSigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

export const FIRST_CHECKPOINT_DIGEST = '0'.repeat(64);

const payload = (cp: Omit<Checkpoint, 'signature' | 'keyId'> & { keyId: string }): Buffer =>
  Buffer.from(
    canonicalJson({
      sequence: cp.sequence,
      createdAt: cp.createdAt,
      coversPosition: cp.coversPosition.toString(),
      heads: [...cp.heads]
        .sort((a, b) => (a.streamName < b.streamName ? -1 : a.streamName > b.streamName ? 1 : 0))
        .map((h) => ({ streamName: h.streamName, version: h.version.toString(), hash: h.hash })),
      previousDigest: cp.previousDigest,
      keyId: cp.keyId,
    }),
  );

/** Signs a checkpoint with Ed25519 (node:crypto). */
export const signCheckpoint = (
  unsigned: Omit<Checkpoint, 'signature' | 'keyId'>,
  key: CheckpointSigningKey,
): Checkpoint => {
  const withKey = { ...unsigned, keyId: key.keyId };
  return { ...withKey, signature: sign(null, payload(withKey), key.privateKey).toString('base64') };
};

/** True when the signature matches the checkpoint's content under the given public key. */
export const checkpointSignatureValid = (cp: Checkpoint, publicKey: KeyObject): boolean => {
  try {
    return verify(null, payload(cp), publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
};

/** The digest the next checkpoint must name as `previousDigest`. */
export const checkpointDigest = (cp: Checkpoint): string =>
  createHash('sha256').update(payload(cp)).update(cp.signature).digest('hex');
