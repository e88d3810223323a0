import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import {
  isVersionConflict,
  storeFailure,
  storeUnavailable,
  versionConflict,
  type StoreError,
} from '../../eventStore/errors.js';
import { matchesExpectedVersion } from '../../eventStore/expectedVersion.js';
import { inMemoryEventStore } from '../../eventStore/inMemory.js';
import type { EventStore, ReadAllBatch } from '../../eventStore/port.js';
import type { EventStoreFactory } from '../contract/support.js';

/*
 * Deliberately broken stores, each with one of the faults of docs/event-store.md (or a close cousin),
 * built on the in-memory store so that everything else about them works.
 */

const factoryOf =
  (make: (base: EventStore) => EventStore): EventStoreFactory =>
  () => {
    const base = inMemoryEventStore();
    return Promise.resolve({ store: make(base), teardown: () => base.close() });
  };

/** Appends whatever the caller expected: the check is simply skipped. */
export const ignoresExpectedVersion = factoryOf((base) => ({
  ...base,
  appendToStream: (stream, events) =>
    base.appendToStream(stream, events, { expectedVersion: 'any' }),
}));

/** A refused append still bumps the stream's version (the version column moved, the rows did not). */
export const bumpsVersionOnRejection = factoryOf((base) => {
  const burned = new Map<string, bigint>();
  const version = async (stream: string): Promise<bigint> => {
    const read = await base.readStream(stream)();
    return (E.isRight(read) ? read.right.currentVersion : 0n) + (burned.get(stream) ?? 0n);
  };
  return {
    ...base,
    appendToStream:
      (stream, events, options = {}) =>
      async () => {
        const current = await version(stream);
        const expected = options.expectedVersion ?? 'any';
        if (!matchesExpectedVersion(expected, current)) {
          burned.set(stream, (burned.get(stream) ?? 0n) + BigInt(events.length));
          return E.left(versionConflict(stream, expected, current));
        }
        return base.appendToStream(stream, events)();
      },
    readStream: (stream, options) => async () => {
      const read = await base.readStream(stream, options)();
      if (E.isLeft(read)) return read;
      return E.right({ ...read.right, currentVersion: await version(stream) });
    },
  };
});

/** Off by one when following on: the first event of every next batch is skipped. */
export const readAllSkipsEvents = factoryOf((base) => ({
  ...base,
  readAll: (options) =>
    TE.map((batch: ReadAllBatch) =>
      batch.isEnd ? batch : { ...batch, nextPosition: batch.nextPosition + 1n },
    )(base.readAll(options)),
}));

/** Reports -1 as the current version of a conflict, as one peer's store did. */
export const conflictReportsMinusOne = factoryOf((base) => ({
  ...base,
  appendToStream: (stream, events, options) =>
    TE.mapLeft((error: StoreError): StoreError =>
      isVersionConflict(error) ? { ...error, actual: -1n } : error,
    )(base.appendToStream(stream, events, options)),
}));

/** Writes a multi-event append one event at a time, letting other appends in between. */
export const appendsEventByEvent = factoryOf((base) => ({
  ...base,
  appendToStream:
    (stream, events, options = {}) =>
    async () => {
      let last = await base.appendToStream(stream, events.slice(0, 1), options)();
      for (const event of events.slice(1)) {
        if (E.isLeft(last)) return last;
        await new Promise((resolve) => setImmediate(resolve));
        const next = await base.appendToStream(stream, [event])();
        last = E.isLeft(next)
          ? next
          : E.right({ ...next.right, events: [...last.right.events, ...next.right.events] });
      }
      return last;
    },
}));

/** stop() returns at once and the subscription carries on delivering. */
export const ignoresStop = factoryOf((base) => ({
  ...base,
  subscribe: (options) => {
    base.subscribe(options);
    return { stop: () => Promise.resolve() };
  },
}));

const everyOperation = (base: EventStore, error: () => StoreError): EventStore => ({
  ...base,
  appendToStream: () => TE.left(error()),
  readStream: () => TE.left(error()),
  aggregateStream: () => TE.left(error()),
  readAll: () => TE.left(error()),
  subscribe: (options) => {
    setImmediate(() => options.onError?.(error()));
    return { stop: () => Promise.resolve() };
  },
});

/** A back end that is down, reported as it should be. */
export const soundButUnavailable = factoryOf((base) =>
  everyOperation(base, () => storeUnavailable('database is locked (SQLITE_BUSY)')),
);

/** A busy back end reported as a failure that hides the cause and is never retried. */
export const busyAsFailure = factoryOf((base) =>
  everyOperation(base, () => storeFailure('cannot rollback - no transaction is active')),
);
