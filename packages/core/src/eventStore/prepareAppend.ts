import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata, NewEvent } from './envelope.js';
import { invalidAppend, type InvalidAppend } from './errors.js';
import { findNotJson, frozenJsonCopy } from './plainJson.js';

const explain = (streamName: string, index: number, part: string, value: unknown): InvalidAppend =>
  invalidAppend(
    `Stream ${streamName}, event ${index}: ${findNotJson(value, part) ?? part} is not plain JSON`,
  );

const prepareEvent = (
  streamName: string,
  event: NewEvent | undefined,
  i: number,
): E.Either<InvalidAppend, NewEvent> => {
  if (typeof event?.type !== 'string' || event.type.length === 0) {
    return E.left(
      invalidAppend(`Stream ${streamName}, event ${i}: type must be a non-empty string`),
    );
  }
  const data = frozenJsonCopy(event.data);
  if (data === undefined) return E.left(explain(streamName, i, 'data', event.data));
  const metadata = frozenJsonCopy(event.metadata);
  if (metadata === undefined) return E.left(explain(streamName, i, 'metadata', event.metadata));
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    return E.left(invalidAppend(`Stream ${streamName}, event ${i}: metadata must be an object`));
  }
  return E.right({ type: event.type, data, metadata: metadata as EventMetadata });
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
  if (typeof streamName !== 'string' || streamName.length === 0) {
    return E.left(invalidAppend('The stream name must be a non-empty string'));
  }
  if (events.length === 0) {
    return E.left(invalidAppend(`Stream ${streamName}: an append needs at least one event`));
  }
  const prepared: NewEvent[] = new Array<NewEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = prepareEvent(streamName, events[i], i);
    if (E.isLeft(event)) return event;
    prepared[i] = event.right;
  }
  return E.right(prepared);
};
