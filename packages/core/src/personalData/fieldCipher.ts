import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * AES-256-GCM with a random 96-bit nonce per message. A data key seals a handful of messages in
 * its life (one person's registration, or one set of contact details), far below the 2^32
 * messages per key at which random nonces risk a repeat. The associated data binds each
 * ciphertext to its stream, event and fields, so one person's ciphertext moved into another
 * event (or another field) does not decrypt.
 */

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldPlace {
  readonly streamName: string;
  readonly eventId: string;
  /** The field's name, or the names of the fields sealed together, comma-separated. */
  readonly field: string;
}

const associatedData = (place: FieldPlace): Buffer =>
  Buffer.from(`consentry/field/v1\n${place.streamName}\n${place.eventId}\n${place.field}`, 'utf8');

/** The JSON of `value`, sealed: base64url of nonce ‖ ciphertext ‖ tag. */
export const sealField = (key: Uint8Array, place: FieldPlace, value: unknown): string => {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(place));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
};

/** The value `sealField` sealed; throws when the key, place or bytes are not the ones sealed. */
export const openField = (key: Uint8Array, place: FieldPlace, sealed: string): unknown => {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed field too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(associatedData(place));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString('utf8')) as unknown;
};
