import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import { ERASED } from './erasable.js';
import { openField, sealField } from './fieldCipher.js';
import type { PersonalFieldSpec } from './fields.js';
import { STORED_DATA } from './storedData.js';

/** The key under which a stored event's `data` keeps its sealed personal fields. */
export const SEALED = '$personal';

/** What a stored event holds in place of its personal fields. */
export interface Sealed {
  /** The data key's id (in the key vault). */
  readonly key: string;
  /** field → base64url(nonce ‖ ciphertext ‖ tag) */
  readonly fields: Readonly<Record<string, string>>;
}

type Data = Readonly<Record<string, unknown>>;

const isRecord = (u: unknown): u is Data =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The sealed part of a stored event's data, if it has one. */
export const sealedOf = (data: unknown): Sealed | undefined => {
  if (!isRecord(data)) return undefined;
  const sealed = data[SEALED];
  return isRecord(sealed) && typeof sealed['key'] === 'string' && isRecord(sealed['fields'])
    ? (sealed as unknown as Sealed)
    : undefined;
};

/** The personal fields `spec` names that `event` carries (undefined ones are not carried). */
export const carried = (spec: PersonalFieldSpec, data: unknown): readonly string[] =>
  isRecord(data) ? spec.fields.filter((field) => data[field] !== undefined) : [];

/** The event as it is stored: its personal fields replaced by `$personal`, sealed under `key`. */
export const sealEvent = (
  streamName: string,
  event: NewEvent,
  fields: readonly string[],
  key: { readonly keyId: string; readonly key: Uint8Array },
): NewEvent => {
  const data = { ...(event.data as Data) };
  const sealed: Record<string, string> = {};
  for (const field of fields) {
    sealed[field] = sealField(
      key.key,
      { streamName, eventId: event.metadata.eventId, field },
      data[field],
    );
    delete data[field];
  }
  return { ...event, data: { ...data, [SEALED]: { key: key.keyId, fields: sealed } } };
};

/**
 * The event with its personal fields opened (or `ERASED` when `key` is gone), the stored
 * hash kept (read through, so a lazy store hash is not computed here) and the stored data
 * under `STORED_DATA` for `chainHash`.
 */
export const openEvent = (
  event: RecordedEvent,
  sealed: Sealed,
  key: Uint8Array | undefined,
): RecordedEvent => {
  const { [SEALED]: _, ...data } = event.data as Record<string, unknown>;
  for (const [field, value] of Object.entries(sealed.fields)) {
    data[field] =
      key === undefined
        ? ERASED
        : openField(
            key,
            { streamName: event.streamName, eventId: event.metadata.eventId, field },
            value,
          );
  }
  const opened = {
    type: event.type,
    data: Object.freeze(data),
    metadata: event.metadata,
    streamName: event.streamName,
    streamPosition: event.streamPosition,
    globalPosition: event.globalPosition,
    [STORED_DATA]: event.data,
  };
  Object.defineProperty(opened, 'hash', { enumerable: true, get: () => event.hash });
  return Object.freeze(opened) as unknown as RecordedEvent;
};
