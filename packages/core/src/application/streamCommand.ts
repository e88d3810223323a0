import type * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { DomainEvent } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import type { Receipt } from './results.js';
import { retryOnConflict } from './retry.js';
import type { Ctx, Runtime } from './runtime.js';
import { append, load, type Fold, type Loaded } from '../streams/load.js';

/**
 * Read–decide–append on one stream (patient, organisation, practice lists), retried on a
 * version conflict. `decide` sees the freshly loaded state and may refuse.
 */
export const runStreamCommand = <S, Ev extends DomainEvent>(
  rt: Runtime,
  ctx: Ctx,
  stream: string,
  fold: Fold<S, Ev>,
  decide: (
    loaded: Loaded<S>,
  ) => TE.TaskEither<ConsentryError, readonly Ev[]> | E.Either<ConsentryError, readonly Ev[]>,
): TE.TaskEither<ConsentryError, Receipt> =>
  retryOnConflict(rt.policy.maxConflictRetries, () =>
    pipe(
      load(rt, stream, fold),
      TE.flatMap((loaded) =>
        pipe(
          toTask(decide(loaded)),
          TE.flatMap((events) => append(rt, ctx, stream, events, loaded.version)),
        ),
      ),
      TE.map((appended) => ({
        correlationId: ctx.correlationId,
        appended: appended.events.length,
        undelivered: 0,
      })),
    ),
  );

const toTask = <A>(
  value: TE.TaskEither<ConsentryError, A> | E.Either<ConsentryError, A>,
): TE.TaskEither<ConsentryError, A> => (typeof value === 'function' ? value : TE.fromEither(value));
