import { versionConflict, type AppendResult, type StoreError } from '@consentry/core';
import type { Database } from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { appendWriter, type AppendRequest } from './append.js';
import { isPositionTaken, toStoreError } from './mapping.js';
import type { Statements } from './statements.js';

type Outcome = E.Either<StoreError, AppendResult>;

interface Queued {
  readonly request: AppendRequest;
  readonly settle: (outcome: Outcome) => void;
}

/** Flushes the queue once the appends started in this turn have joined it. */
export type Schedule = (flush: () => void) => void;

/**
 * Group commit. Appends queue up until `schedule` flushes them; the whole queue is then
 * written in one BEGIN IMMEDIATE … COMMIT, so concurrent callers share one commit (and, with
 * `synchronous = FULL`, one fsync). Each append of a group runs in its own SAVEPOINT: a
 * conflict or a failed insert undoes only that append. Every caller hears back only after
 * the COMMIT that made its events durable; if the COMMIT fails, none of the group's appends
 * happened and every one of them gets the error. A lone append takes the plain path, with
 * no savepoint.
 */
export const groupCommitter = (
  db: Database,
  statements: Statements,
  schedule: Schedule,
  onCommit: () => void,
) => {
  const write = appendWriter(statements);
  // Nested better-sqlite3 transactions are SAVEPOINTs (rolled back to on a throw).
  const writeInSavepoint = db.transaction(write);

  // The real version after a lost race on the UNIQUE key, read after the rollback.
  const conflictFromTakenPosition = ({ streamName, expected }: AppendRequest): StoreError =>
    versionConflict(streamName, expected, statements.maxStreamPosition.get(streamName) as bigint);
  const failure = (request: AppendRequest, error: unknown): StoreError =>
    isPositionTaken(error)
      ? conflictFromTakenPosition(request)
      : toStoreError(error, `appending to ${request.streamName}`);

  const writeGroup = db.transaction((group: readonly Queued[]): Outcome[] =>
    group.map(({ request }) => {
      try {
        return writeInSavepoint(request);
      } catch (error) {
        // Some errors (disk full, I/O) end the whole transaction: then nothing of the group stays.
        if (!db.inTransaction) throw error;
        return E.left(failure(request, error));
      }
    }),
  );
  const writeAlone = db.transaction(write);

  const commit = (group: readonly Queued[]): Outcome[] => {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      try {
        return [writeAlone.immediate(only.request)];
      } catch (error) {
        return [E.left(failure(only.request, error))];
      }
    }
    try {
      return writeGroup.immediate(group);
    } catch (error) {
      return group.map(({ request }) =>
        E.left(toStoreError(error, `appending to ${request.streamName} (in a group commit)`)),
      );
    }
  };

  let queue: Queued[] = [];
  const flush = (): void => {
    const group = queue;
    if (group.length === 0) return;
    queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = commit(group);
    } catch (error) {
      // Only reading the real version after a lost race can get here (a closed connection).
      outcomes = group.map(({ request }) =>
        E.left(toStoreError(error, `appending to ${request.streamName}`)),
      );
    }
    if (outcomes.some(E.isRight)) onCommit();
    group.forEach(({ settle }, i) => settle(outcomes[i] as Outcome));
  };

  return {
    append: (request: AppendRequest): Promise<Outcome> =>
      new Promise<Outcome>((settle) => {
        if (queue.length === 0) schedule(flush);
        queue.push({ request, settle });
      }),
    /** Writes what is queued now (before the connection closes). */
    flush,
  };
};
