import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import { isVersionConflict, storeFailure, type StoreError } from '../eventStore/errors.js';
import type { AppendResult, EventStore, ExpectedVersion } from '../eventStore/port.js';
import { schemaVersionOf, upcast } from '../schema/upcasters.js';
import type { DomainEvent } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import { decoderFor, fieldProblems } from '../shared/decodeInput.js';
import type { Ctx, Runtime } from './runtime.js';
import type { StateCache } from './stateCache.js';

export const fromStoreError = (cause: StoreError): ConsentryError => ({
  _tag: 'StoreFailure',
  message: cause.message,
  cause,
});

/** True for the error a retry can fix: someone appended to the stream since we read it. */
export const isConflict = (e: ConsentryError): boolean =>
  e._tag === 'StoreFailure' && isVersionConflict(e.cause);

/** A stream's folded state and the version it was read at (the version the append names). */
export interface Loaded<S> {
  readonly state: S;
  readonly version: bigint;
}

export interface Fold<S, Ev> {
  readonly codec: t.Decoder<unknown, Ev>;
  readonly initialState: () => S;
  readonly evolve: (state: S, event: Ev) => S;
}

/**
 * Upcasts and decodes one stored event to its domain shape (type and data): all a fold needs.
 * A stored event that no longer decodes is corrupt.
 */
export const decodeDomainEvent = <Ev>(
  codec: t.Decoder<unknown, Ev>,
  event: RecordedEvent,
): E.Either<StoreError, Ev> => {
  const lifted = upcast(event);
  return pipe(
    decoderFor(codec as t.Decoder<unknown, Ev> & t.Mixed)({ type: lifted.type, data: lifted.data }),
    E.mapLeft((errors) =>
      storeFailure(
        `Event ${event.streamName}@${event.streamPosition} does not decode: ${fieldProblems(errors)
          .map((p) => p.message)
          .join('; ')}`,
      ),
    ),
  );
};

/** `decodeDomainEvent` with the envelope kept (who, when, positions, hash) for readers that show it. */
export const decodeRecorded = <Ev>(
  codec: t.Decoder<unknown, Ev>,
  event: RecordedEvent,
): E.Either<StoreError, RecordedEvent & Ev> =>
  pipe(
    decodeDomainEvent(codec, event),
    E.map((decoded) => ({ ...upcast(event), ...(decoded as object) }) as RecordedEvent & Ev),
  );

/**
 * Reads a stream, upcasts and decodes each event, and folds it. With the state folded at an
 * earlier version in `rt.states`, only the events after it are read, decoded and folded.
 */
export const load = <S, Ev>(
  rt: Runtime,
  stream: string,
  fold: Fold<S, Ev>,
): TE.TaskEither<ConsentryError, Loaded<S>> =>
  pipe(loadFrom(rt.store, rt.states, stream, fold), TE.mapLeft(fromStoreError));

/**
 * `load` for readers that hold a store and a cache but no runtime (the notification reactor).
 * One async step rather than a pipe of combinators: every command runs this four to six
 * times, and each fp-ts combinator adds promise hops (a profile put that plumbing at about
 * a quarter of a command's CPU).
 */
export const loadFrom =
  <S, Ev>(
    store: EventStore,
    states: StateCache,
    stream: string,
    fold: Fold<S, Ev>,
  ): TE.TaskEither<StoreError, Loaded<S>> =>
  async () => {
    let from = states.get<S>(stream, fold);
    let read = await store.readStream(
      stream,
      from === undefined ? undefined : { fromVersion: from.version + 1n },
    )();
    if (E.isLeft(read)) return read;
    // A store that went back in time (restored from a backup, or swapped under us): the
    // held state no longer describes it, so fold the whole stream again.
    if (from !== undefined && read.right.currentVersion < from.version) {
      states.forget(stream);
      from = undefined;
      read = await store.readStream(stream)();
      if (E.isLeft(read)) return read;
    }
    const { events, currentVersion } = read.right;
    const folded = foldOnto(fold, from?.state ?? fold.initialState(), events, currentVersion);
    if (E.isRight(folded)) states.set(stream, fold, folded.right);
    return folded;
  };

/** Decodes `events` (domain shape) and folds them onto `from`; the first that does not decode is the error. */
export const foldOnto = <S, Ev>(
  fold: Fold<S, Ev>,
  from: S,
  events: readonly RecordedEvent[],
  version: bigint,
): E.Either<StoreError, Loaded<S>> => {
  let state = from;
  for (const event of events) {
    // Domain shape only: copying the envelope would also compute a store's lazy chain hash.
    const decoded = decodeDomainEvent(fold.codec, event);
    if (E.isLeft(decoded)) return decoded;
    state = fold.evolve(state, decoded.right);
  }
  return E.right({ state, version });
};

/** Wraps domain events with who, when, why (docs/domain.md) and the schema version they are written in. */
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
