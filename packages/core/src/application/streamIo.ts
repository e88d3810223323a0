import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import { isVersionConflict, storeFailure, type StoreError } from '../eventStore/errors.js';
import type { AppendResult, ExpectedVersion } from '../eventStore/port.js';
import { schemaVersionOf, upcast } from '../schema/upcasters.js';
import type { DomainEvent } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import { fieldProblems } from '../shared/decodeInput.js';
import type { Ctx, Runtime } from './runtime.js';

export const fromStoreError = (cause: StoreError): ConsentryError => ({
  _tag: 'StoreFailure',
  message: cause.message,
  cause,
});

/** True for the error a retry can fix: someone appended to the stream since we read it. */
export const isConflict = (e: ConsentryError): boolean =>
  e._tag === 'StoreFailure' && isVersionConflict(e.cause);

export interface Loaded<S, Ev> {
  readonly state: S;
  readonly version: bigint;
  readonly events: readonly (RecordedEvent & Ev)[];
}

export interface Fold<S, Ev> {
  readonly codec: t.Decoder<unknown, Ev>;
  readonly initialState: () => S;
  readonly evolve: (state: S, event: Ev) => S;
}

/** Upcasts and decodes one stored event; a stored event that no longer decodes is corrupt. */
export const decodeRecorded = <Ev>(
  codec: t.Decoder<unknown, Ev>,
  event: RecordedEvent,
): E.Either<StoreError, RecordedEvent & Ev> => {
  const lifted = upcast(event);
  return pipe(
    codec.decode({ type: lifted.type, data: lifted.data }),
    E.bimap(
      (errors) =>
        storeFailure(
          `Event ${event.streamName}@${event.streamPosition} does not decode: ${fieldProblems(
            errors,
          )
            .map((p) => p.message)
            .join('; ')}`,
        ),
      (decoded) => ({ ...lifted, ...(decoded as object) }) as RecordedEvent & Ev,
    ),
  );
};

/** Reads a stream, upcasts and decodes each event, and folds it. */
export const load = <S, Ev>(
  rt: Runtime,
  stream: string,
  fold: Fold<S, Ev>,
): TE.TaskEither<ConsentryError, Loaded<S, Ev>> =>
  pipe(
    rt.store.readStream(stream),
    TE.flatMapEither((read) =>
      pipe(
        read.events.map((event) => decodeRecorded(fold.codec, event)),
        E.sequenceArray,
        E.map((events) => ({
          state: events.reduce(fold.evolve, fold.initialState()),
          version: read.currentVersion,
          events,
        })),
      ),
    ),
    TE.mapLeft(fromStoreError),
  );

/** Wraps domain events with who, when, why (DESIGN §2) and the schema version they are written in. */
export const envelope = (
  rt: Runtime,
  ctx: Ctx,
  events: readonly DomainEvent[],
): readonly NewEvent[] => {
  const recordedAt = rt.clock.now().toISOString();
  return events.map((event) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: rt.ids.next(),
      recordedAt,
      actor: ctx.actor,
      correlationId: ctx.correlationId,
      schemaVersion: schemaVersionOf(event.type),
      ...(ctx.reason === undefined ? {} : { reason: ctx.reason }),
    },
  }));
};

export interface Appended {
  readonly events: readonly RecordedEvent[];
}

/** Appends at the version the decision was made on; nothing to append is not an append. */
export const append = (
  rt: Runtime,
  ctx: Ctx,
  stream: string,
  events: readonly DomainEvent[],
  expectedVersion: ExpectedVersion,
): TE.TaskEither<ConsentryError, Appended> =>
  events.length === 0
    ? TE.right({ events: [] })
    : pipe(
        rt.store.appendToStream(stream, envelope(rt, ctx, events), { expectedVersion }),
        TE.map((result: AppendResult) => ({ events: result.events })),
        TE.mapLeft(fromStoreError),
      );
