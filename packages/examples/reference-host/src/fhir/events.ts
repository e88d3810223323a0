import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  forEachEvent,
  streamCategory,
  streams,
  type EventStore,
  type RecordedEvent,
} from '@consentry/core';
import { resourceId } from '@consentry/fhir';
import { failure, type FhirFailure } from './outcome.js';

const storeDown = (): FhirFailure =>
  failure(503, 'The event store is not available. Try again later.', { tag: 'StoreFailure' });

/** A patient's consent stream (their choices and every access decision), or another of theirs. */
export const patientEvents = (
  store: EventStore,
  patientId: string,
  stream: string = streams.consent(patientId),
): TE.TaskEither<FhirFailure, readonly RecordedEvent[]> =>
  pipe(
    store.readStream(stream),
    TE.bimap(storeDown, (read) => read.events),
  );

/**
 * Which patient a resource id belongs to: Consent and AuditEvent ids are event ids, and a
 * read names only the id. Kept in memory and brought up to date from the global log on each
 * lookup (only events appended since the last one are read).
 */
export const resourceIndex = (store: EventStore) => {
  const patientOf = new Map<string, string>();
  let position = 0n;
  let running: Promise<unknown> = Promise.resolve();
  const catchUp = (): TE.TaskEither<FhirFailure, void> => () => {
    const next = running.then(async () => {
      const read = await forEachEvent(store, position, (event) => {
        if (streamCategory(event.streamName) !== 'consent') return;
        patientOf.set(
          resourceId(event.metadata.eventId),
          event.streamName.slice('consent-'.length),
        );
      })();
      if (read._tag === 'Right') position = read.right;
      return read._tag === 'Right' ? TE.right(undefined)() : TE.left(storeDown())();
    });
    running = next.catch(() => undefined);
    return next;
  };
  return {
    /** The patient whose stream holds the event this resource was made from, if any. */
    patientOf: (id: string): TE.TaskEither<FhirFailure, string | undefined> =>
      pipe(
        catchUp(),
        TE.map(() => patientOf.get(id)),
      ),
  };
};

export type ResourceIndex = ReturnType<typeof resourceIndex>;
