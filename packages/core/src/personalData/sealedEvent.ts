import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import { ERASED } from './erasable.js';
import { openField, sealField } from './fieldCipher.js';
import type { PersonalFieldSpec } from './fields.js';
import { STORED_DATA } from '../eventStore/storedData.js';

/** The key under which a stored event's `data` keeps its sealed personal fields. */
export const SEALED = '$personal';

/**
 * What a stored event holds in place of its personal fields: one AES-256-GCM message (the
 * fields as a JSON object) whose associated data names the stream, the event and the fields.
 * One message per event, not one per field: creating a cipher is most of the cost of a small
 * message in Node (docs/performance.md), and the binding is the same.
 */
export interface Sealed {
  /** The data key's id (in the key vault). */
  readonly key: string;
  /** The sealed fields' names, in the order sealed. */
  readonly fields: readonly string[];
  /** base64url(nonce ‖ ciphertext ‖ tag) */
  readonly sealed: string;
}

type Data = Readonly<Record<string, unknown>>;

const isRecord = (u: unknown): u is Data =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The sealed part of a stored event's data, if it has one. */
export const sealedOf = (data: unknown): Sealed | undefined => {
  if (!isRecord(data)) return undefined;
  const sealed = data[SEALED];
  return isRecord(sealed) &&
    typeof sealed['key'] === 'string' &&
    typeof sealed['sealed'] === 'string' &&
    Array.isArray(sealed['fields'])
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
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    values[field] = data[field];
    delete data[field];
  }
  const place = { streamName, eventId: event.metadata.eventId, field: fields.join(',') };
  const sealed = sealField(key.key, place, values);
  return { ...event, data: { ...data, [SEALED]: { key: key.keyId, fields, sealed } } };
};

/** The sealed fields' values, or `ERASED` for each when the key is gone. */
export const openValues = (
  event: RecordedEvent,
  sealed: Sealed,
  key: Uint8Array | undefined,
): Readonly<Record<string, unknown>> => {
  if (key === undefined) return Object.fromEntries(sealed.fields.map((f) => [f, ERASED]));
  const place = {
    streamName: event.streamName,
    eventId: event.metadata.eventId,
    field: sealed.fields.join(','),
  };
  const values = openField(key, place, sealed.sealed);
  if (!isRecord(values)) throw new Error('sealed fields are not an object');
  return values;
};

/**
 * The event with its personal fields put back (`openValues`), the stored hash kept (read
 * through, so a lazy store hash is not computed here) and the stored data under
 * `STORED_DATA` for `chainHash`.
 */
export const openEvent = (
  event: RecordedEvent,
  values: Readonly<Record<string, unknown>>,
): RecordedEvent => {
  const { [SEALED]: _, ...rest } = event.data as Record<string, unknown>;
  const data = { ...rest, ...values };
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
