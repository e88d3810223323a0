import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata, NewEvent } from './envelope.js';
import { invalidAppend, type InvalidAppend } from './errors.js';
import { findNotJson, frozenJsonCopy } from './plainJson.js';

const isObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The event with deep-frozen copies of its data and metadata, or `undefined` when it cannot
 * be stored (`prepareAppend` says why). For a store's hot loop: no Either per event.
 */
export const storableEvent = (event: NewEvent | undefined): NewEvent | undefined => {
  const type = event?.type;
  if (typeof type !== 'string' || type.length === 0) return undefined;
  const data = frozenJsonCopy((event as NewEvent).data);
  if (data === undefined) return undefined;
  const metadata = frozenJsonCopy((event as NewEvent).metadata);
  if (metadata === undefined || !isObject(metadata)) return undefined;
  return { type, data, metadata: metadata as EventMetadata };
};

/** Why `storableEvent` refused event `i`: only called once an append is refused. */
const whyNotStorable = (
  streamName: string,
  event: NewEvent | undefined,
  i: number,
): InvalidAppend => {
  const where = `Stream ${streamName}, event ${i}`;
  if (typeof event?.type !== 'string' || event.type.length === 0)
    return invalidAppend(`${where}: type must be a non-empty string`);
  for (const part of ['data', 'metadata'] as const) {
    const value = event[part];
    if (frozenJsonCopy(value) === undefined)
      return invalidAppend(`${where}: ${findNotJson(value, part) ?? part} is not plain JSON`);
  }
  return invalidAppend(`${where}: metadata must be an object`);
};

/** The first problem of an append, if any: what every store answers to input it cannot store. */
export const appendProblem = (
  streamName: string,
  events: readonly NewEvent[],
): InvalidAppend | undefined => {
  if (typeof streamName !== 'string' || streamName.length === 0) {
    return invalidAppend('The stream name must be a non-empty string');
  }
  if (events.length === 0) {
    return invalidAppend(`Stream ${streamName}: an append needs at least one event`);
  }
  for (let i = 0; i < events.length; i++) {
    if (storableEvent(events[i]) === undefined) return whyNotStorable(streamName, events[i], i);
  }
  return undefined;
};

/**
 * Checks an append's shape and returns deep-frozen copies of its events, so that the caller
 * mutating its objects later cannot change what was stored. Adapters share it so that every
 * store rejects the same input with the same `InvalidAppend`. Not an io-ts decode: each
 * event's `data` is checked by its own codec in the domain; here only "is it JSON" matters.
 */
export const prepareAppend = (
  streamName: string,
  events: readonly NewEvent[],
): E.Either<InvalidAppend, readonly NewEvent[]> => {
  if (typeof streamName !== 'string' || streamName.length === 0 || events.length === 0) {
    return E.left(appendProblem(streamName, events) as InvalidAppend);
  }
  const prepared: NewEvent[] = new Array<NewEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = storableEvent(events[i]);
    if (event === undefined) return E.left(whyNotStorable(streamName, events[i], i));
    prepared[i] = event;
  }
  return E.right(prepared);
};
