import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { isVersionConflict, type StoreError } from '../eventStore/errors.js';
import type { EventStore, ExpectedVersion } from '../eventStore/port.js';
import type { Clock } from '../shared/clock.js';
import type { DomainEvent } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import { envelope, type Cause } from './envelope.js';
import type { Fold, Loaded } from './fold.js';
import { readStreamEvent } from './reader.js';
import type { StateCache } from './stateCache.js';

export type { Fold, Loaded } from './fold.js';

export const fromStoreError = (cause: StoreError): ConsentryError => ({
  _tag: 'StoreFailure',
  message: cause.message,
  cause,
});

/** True for the error a retry can fix: someone appended to the stream since we read it. */
export const isConflict = (e: ConsentryError): boolean =>
  e._tag === 'StoreFailure' && isVersionConflict(e.cause);

/** What loading needs: the store and the folded states to read on from; a `Runtime` is one. */
export interface StreamSource {
  readonly store: EventStore;
  readonly states: StateCache;
}

/** What appending needs: the store, and the clock and ids the envelope takes. */
export interface StreamWriter {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * The one loading step behind `load` and `loadFrom`, with the store's error handed to `failed`
 * in the same async step (a wrapper around it was one more promise on every load).
 */
const loadWith =
  <S, Ev, L>(
    store: EventStore,
    states: StateCache,
    stream: string,
    fold: Fold<S, Ev>,
    failed: (error: StoreError) => L,
  ): TE.TaskEither<L, Loaded<S>> =>
  async () => {
    let from = states.get<S>(stream, fold);
    let read = await store.readStream(
      stream,
      from === undefined ? undefined : { fromVersion: from.version + 1n },
    )();
    if (E.isLeft(read)) return E.left(failed(read.left));
    // A store that went back in time (restored from a backup, or swapped under us): the
    // held state no longer describes it, so fold the whole stream again.
    if (from !== undefined && read.right.currentVersion < from.version) {
      states.forget(stream);
      from = undefined;
      read = await store.readStream(stream)();
      if (E.isLeft(read)) return E.left(failed(read.left));
    }
    const { events, currentVersion } = read.right;
    // Nothing appended since: what is held is the answer, and stays held as it is.
    if (from !== undefined && events.length === 0 && currentVersion === from.version)
      return E.right(from);
    const folded = foldOnto(fold, from?.state ?? fold.initialState(), events, currentVersion);
    if (E.isLeft(folded)) return E.left(failed(folded.left));
    states.set(stream, fold, folded.right);
    return folded;
  };

/**
 * Reads a stream, upcasts and decodes each event, and folds it. With the state folded at an
 * earlier version in `source.states`, only the events after it are read, decoded and folded.
 */
export const load = <S, Ev>(
  source: StreamSource,
  stream: string,
  fold: Fold<S, Ev>,
): TE.TaskEither<ConsentryError, Loaded<S>> =>
  loadWith(source.store, source.states, stream, fold, fromStoreError);

/**
 * `load` for readers that hold a store and a cache but no runtime (the notification reactor).
 * One async step rather than a pipe of combinators: every command runs this four to six
 * times, and each fp-ts combinator adds promise hops (a profile put that plumbing at about
 * a quarter of a command's CPU).
 */
export const loadFrom = <S, Ev>(
  store: EventStore,
  states: StateCache,
  stream: string,
  fold: Fold<S, Ev>,
): TE.TaskEither<StoreError, Loaded<S>> => loadWith(store, states, stream, fold, (error) => error);

/**
 * After appending `events` at `from.version`, holds the state they fold to at the version they
 * were written at, so the next load reads on from there instead of reading back and decoding
 * what was just written (about a tenth of a consent command's CPU). The events a decider made
 * are what decoding them gives back (holdAppended.int.spec checks that over every story of
 * the scenario library); `recorded` only says where they landed. Nothing is held unless they
 * landed right after `from.version`.
 */
export const holdAppended = <S, Ev>(
  states: StateCache,
  stream: string,
  fold: Fold<S, Ev>,
  from: Loaded<S>,
  events: readonly Ev[],
  recorded: readonly RecordedEvent[],
): void => {
  const last = recorded[recorded.length - 1];
  if (
    last === undefined ||
    recorded.length !== events.length ||
    last.streamPosition !== from.version + BigInt(recorded.length)
  )
    return;
  let state = from.state;
  for (const event of events) state = fold.evolve(state, event);
  states.set(stream, fold, { state, version: last.streamPosition });
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
    const decoded = readStreamEvent(fold.codec, event);
    if (E.isLeft(decoded)) return decoded;
    state = fold.evolve(state, decoded.right);
  }
  return E.right({ state, version });
};

export interface Appended {
  readonly events: readonly RecordedEvent[];
}

/** Appends at the version the decision was made on; nothing to append is not an append. */
export const append = (
  rt: StreamWriter,
  ctx: Cause,
  stream: string,
  events: readonly DomainEvent[],
  expectedVersion: ExpectedVersion,
): TE.TaskEither<ConsentryError, Appended> => {
  if (events.length === 0) return TE.right({ events: [] });
  const appending = rt.store.appendToStream(stream, envelope(rt, ctx, events), {
    expectedVersion,
  });
  // One async step, not TE.map and TE.mapLeft: see loadFrom.
  return async () => {
    const result = await appending();
    return E.isLeft(result)
      ? E.left(fromStoreError(result.left))
      : E.right({ events: result.right.events });
  };
};
