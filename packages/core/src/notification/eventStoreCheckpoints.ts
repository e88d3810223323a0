import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { isVersionConflict, storeFailure, type StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import { streamName } from '../eventStore/streamName.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { CheckpointStore } from './checkpoints.js';
import { envelope } from '../streams/envelope.js';

export const CHECKPOINT_EVENT = 'NotificationCheckpointStored';

/** The stream a reactor keeps its checkpoint in: `notificationCheckpoint-<reactorName>`. */
export const checkpointStream = (reactorName: string): string =>
  streamName('notificationCheckpoint', reactorName);

const positionOf = (data: unknown): E.Either<StoreError, bigint> => {
  const text = (data as { position?: unknown } | null)?.position;
  return typeof text === 'string' && /^\d+$/.test(text)
    ? E.right(BigInt(text))
    : E.left(storeFailure('A notification checkpoint event has no position'));
};

// Reads two events at most: the first read learns the version, the second fetches the last event.
const readLast = (
  store: EventStore,
  stream: string,
): TE.TaskEither<StoreError, { version: bigint; position: bigint }> =>
  pipe(
    store.readStream(stream, { fromVersion: 1n, maxCount: 1 }),
    TE.flatMap(({ currentVersion }) =>
      currentVersion === 0n
        ? TE.right({ version: 0n, position: 0n })
        : pipe(
            store.readStream(stream, { fromVersion: currentVersion, maxCount: 1 }),
            TE.flatMapEither(({ events, currentVersion: version }) =>
              pipe(
                events.length === 0 ? E.right(0n) : positionOf(events[0]?.data),
                E.map((position) => ({ version, position })),
              ),
            ),
          ),
    ),
  );

/**
 * Checkpoints kept in the event store itself, one stream per reactor, each save an event
 * appended at the version last read. So it works on every store, survives restarts, and
 * two processes running the same reactor never move it backwards: a conflict re-reads
 * and keeps the larger position.
 */
export const eventStoreCheckpoints = (
  store: EventStore,
  deps: { readonly clock: Clock; readonly ids: IdGenerator },
): CheckpointStore => {
  const versions = new Map<string, bigint>();
  const positions = new Map<string, bigint>();
  const remember = (name: string, version: bigint, position: bigint) => {
    versions.set(name, version);
    if (position > (positions.get(name) ?? 0n)) positions.set(name, position);
  };

  const load = (name: string) =>
    pipe(
      readLast(store, checkpointStream(name)),
      TE.map(({ version, position }) => (remember(name, version, position), position)),
    );

  const append = (name: string, position: bigint, expectedVersion: bigint) =>
    store.appendToStream(
      checkpointStream(name),
      envelope(
        deps,
        { actor: { kind: 'system', id: `reactor:${name}` }, correlationId: `checkpoint:${name}` },
        [{ type: CHECKPOINT_EVENT, data: { reactor: name, position: position.toString() } }],
      ),
      { expectedVersion },
    );

  const save = (
    name: string,
    position: bigint,
    triesLeft: number,
  ): TE.TaskEither<StoreError, void> =>
    (positions.get(name) ?? 0n) >= position
      ? TE.right(undefined)
      : pipe(
          append(name, position, versions.get(name) ?? 0n),
          TE.map((done) => remember(name, done.nextExpectedVersion, position)),
          TE.orElse((error) =>
            isVersionConflict(error) && triesLeft > 0
              ? pipe(
                  readLast(store, checkpointStream(name)),
                  TE.flatMap((last) => {
                    // Another process got further: its checkpoint stands.
                    remember(name, last.version, last.position);
                    return save(name, position, triesLeft - 1);
                  }),
                )
              : TE.left(error),
          ),
        );

  return { load, save: (name, position) => save(name, position, 3) };
};
