import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import type { DomainEvent } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import type { Receipt } from './results.js';
import { retryOnConflict } from './retry.js';
import type { Ctx, Runtime } from './runtime.js';
import { append, holdAppended, load, type Fold, type Loaded } from '../streams/load.js';

type Maybe<A> = E.Either<ConsentryError, A>;
type Eventually<A> = Maybe<A> | Promise<Maybe<A>>;

/** One read–decide–append on one stream: what is read, and what is decided on it. */
export interface StreamAttempt<S, Ev, V, R> {
  readonly stream: string;
  readonly fold: Fold<S, Ev>;
  /** What the decision is made on, with the stream's state at the version the append names. */
  readonly read: () => Promise<Maybe<{ readonly view: V; readonly loaded: Loaded<S> }>>;
  /** The events to append and the command's result (a Left result still appends the events). */
  readonly decide: (view: V) => Eventually<{ readonly events: readonly Ev[]; readonly result: R }>;
  /**
   * Hold the state the appended events fold to, so the next command reads on from there
   * (streams/load.ts, `holdAppended`); the consent stream does.
   */
  readonly holdsAppended?: boolean;
}

export interface Attempted<R> {
  readonly result: R;
  readonly appended: readonly RecordedEvent[];
}

/**
 * The one command runner: read, decide on what was read, append at the version read;
 * on a version conflict (someone appended meanwhile) all of it again on fresh state, at most
 * `maxConflictRetries` times, then `Busy`. Every command of every stream runs through here
 * (stream commands below, consent commands in consentCommand.ts).
 */
export const attemptOnStream = <S, Ev extends DomainEvent, V, R>(
  rt: Runtime,
  ctx: Ctx,
  attempt: StreamAttempt<S, Ev, V, R>,
): TE.TaskEither<ConsentryError, Attempted<R>> =>
  retryOnConflict(rt.policy.maxConflictRetries, () => async () => {
    const read = await attempt.read();
    if (E.isLeft(read)) return read;
    const decided = await attempt.decide(read.right.view);
    if (E.isLeft(decided)) return decided;
    const { events, result } = decided.right;
    const { loaded } = read.right;
    const appended = await append(rt, ctx, attempt.stream, events, loaded.version)();
    if (E.isLeft(appended)) return appended;
    if (attempt.holdsAppended === true)
      holdAppended(rt.states, attempt.stream, attempt.fold, loaded, events, appended.right.events);
    return E.right({ result, appended: appended.right.events });
  });

/**
 * Read–decide–append on one stream (patient, organisation, practice lists). `decide` sees
 * the freshly loaded state and may refuse.
 */
export const runStreamCommand = <S, Ev extends DomainEvent>(
  rt: Runtime,
  ctx: Ctx,
  stream: string,
  fold: Fold<S, Ev>,
  decide: (
    loaded: Loaded<S>,
  ) => TE.TaskEither<ConsentryError, readonly Ev[]> | Maybe<readonly Ev[]>,
): TE.TaskEither<ConsentryError, Receipt> => {
  const attempted = attemptOnStream(rt, ctx, {
    stream,
    fold,
    read: async () => {
      const loaded = await load(rt, stream, fold)();
      return E.isLeft(loaded) ? loaded : E.right({ view: loaded.right, loaded: loaded.right });
    },
    decide: async (loaded) => {
      const decided = decide(loaded);
      const events = typeof decided === 'function' ? await decided() : decided;
      return E.isLeft(events) ? events : E.right({ events: events.right, result: undefined });
    },
  });
  return async () => {
    const done = await attempted();
    return E.isLeft(done)
      ? done
      : E.right({
          correlationId: ctx.correlationId,
          appended: done.right.appended.length,
          undelivered: 0,
        });
  };
};
