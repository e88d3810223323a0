import type { ResolvedEvent } from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { ReadAllBatch, ReadAllOptions, RecordedEvent, StoreError } from '@consentry/core';
import {
  fromClientError,
  fromResolvedEvent,
  isForeignEvent,
  readAllStart,
  toGlobalPosition,
} from './mapping.js';
import type { Connection } from './reads.js';

interface Page {
  /** Every event read, foreign ones included, at or after the requested position. */
  readonly raw: readonly ResolvedEvent[];
  /** The server had no more events after these. */
  readonly exhausted: boolean;
}

/** One page of $all from a core position, with the events before that position dropped. */
const readPage = (
  { client }: Connection,
  from: bigint,
  size: number,
): TE.TaskEither<StoreError, Page> =>
  TE.tryCatch(
    async () => {
      const raw: ResolvedEvent[] = [];
      let returned = 0;
      // One more than asked for: the read may start on the event just before `from`.
      for await (const resolved of client.readAll({
        fromPosition: readAllStart(from),
        maxCount: size + 1,
      })) {
        returned++;
        const position = toGlobalPosition(resolved.event?.position);
        if (E.isRight(position) && position.right < from) continue;
        raw.push(resolved);
      }
      return { raw, exhausted: returned < size + 1 };
    },
    (error) => fromClientError(error),
  );

/** In a namespace most of $all may belong to others, so read it in larger pages. */
const NAMESPACED_PAGE = 1000;

/**
 * readAll over $all in commit order. Client 6.x cannot ask the server to filter a read
 * (only subscriptions), so system events, and other namespaces' events, are dropped here by
 * the same rule as the subscription filter, reading on until the batch is full. One event
 * beyond the batch is looked for, so `isEnd` is exact and `nextPosition` lands on it.
 */
export const readAllBatch =
  (connection: Connection) =>
  (options: ReadAllOptions = {}): TE.TaskEither<StoreError, ReadAllBatch> => {
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const collected: RecordedEvent[] = [];
    const loop = (from: bigint): TE.TaskEither<StoreError, ReadAllBatch> => {
      const wanted = batchSize + 1 - collected.length;
      return pipe(
        readPage(
          connection,
          from,
          connection.prefix === '' ? wanted : Math.max(wanted, NAMESPACED_PAGE),
        ),
        TE.flatMap((page) => {
          let next = from;
          for (const resolved of page.raw) {
            const position = toGlobalPosition(resolved.event?.position);
            if (E.isLeft(position)) return TE.left(position.left);
            if (!isForeignEvent(resolved, connection.prefix)) {
              if (collected.length === batchSize) {
                return TE.right({ events: collected, nextPosition: position.right, isEnd: false });
              }
              const event = fromResolvedEvent(resolved, connection.prefix);
              if (E.isLeft(event)) return TE.left(event.left);
              collected.push(event.right);
            }
            next = position.right + 1n;
          }
          return page.exhausted || page.raw.length === 0
            ? TE.right({ events: collected, nextPosition: next, isEnd: true })
            : loop(next);
        }),
      );
    };
    return loop(options.fromPosition ?? 0n);
  };
