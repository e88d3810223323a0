import * as TE from 'fp-ts/lib/TaskEither.js';
import * as O from 'fp-ts/lib/Option.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { EventStore } from '../eventStore/port.js';
import type { StoreError } from '../eventStore/errors.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import {
  checkpointDigest,
  FIRST_CHECKPOINT_DIGEST,
  signCheckpoint,
  type Checkpoint,
  type CheckpointSigningKey,
  type StreamHead,
} from './checkpoint.js';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  decodeCheckpoint,
  encodeCheckpoint,
} from './checkpointStream.js';
import { forEachEvent } from '../eventStore/walkLog.js';
import { envelope } from '../streams/envelope.js';

export interface CheckpointDeps {
  readonly eventStore: EventStore;
  readonly key: CheckpointSigningKey;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const lastCheckpoint = (store: EventStore) =>
  pipe(
    store.readStream(CHECKPOINT_STREAM),
    TE.map((read) => {
      const last = read.events[read.events.length - 1];
      const decoded = last === undefined ? undefined : decodeCheckpoint(last);
      return {
        version: read.currentVersion,
        previous: decoded !== undefined && decoded._tag === 'Right' ? decoded.right : undefined,
      };
    }),
  );

const headsSince = (store: EventStore, from: bigint) => {
  const heads = new Map<string, StreamHead>();
  let covers = from - 1n;
  return pipe(
    forEachEvent(
      store,
      from,
      (event) => {
        covers = event.globalPosition;
        if (event.streamName === CHECKPOINT_STREAM) return;
        heads.set(event.streamName, {
          streamName: event.streamName,
          version: event.streamPosition,
          hash: event.hash,
        });
      },
      undefined,
    ),
    TE.map(() => ({ heads: [...heads.values()], covers })),
  );
};

/**
 * Signs the heads of every stream changed since the last checkpoint and appends the
 * checkpoint (with the expected version, so two hosts never fork the checkpoint chain).
 * Returns none when nothing changed.
 */
export const writeCheckpoint = (
  deps: CheckpointDeps,
): TE.TaskEither<StoreError, O.Option<Checkpoint>> =>
  pipe(
    lastCheckpoint(deps.eventStore),
    TE.flatMap(({ version, previous }) =>
      pipe(
        headsSince(deps.eventStore, previous === undefined ? 0n : previous.coversPosition + 1n),
        TE.flatMap(({ heads, covers }) => {
          if (heads.length === 0) return TE.right(O.none);
          const checkpoint = signCheckpoint(
            {
              sequence: (previous?.sequence ?? 0) + 1,
              createdAt: deps.clock.now().toISOString(),
              coversPosition: covers,
              heads,
              previousDigest:
                previous === undefined ? FIRST_CHECKPOINT_DIGEST : checkpointDigest(previous),
            },
            deps.key,
          );
          const events = envelope(
            deps,
            {
              actor: { kind: 'system', id: 'audit-checkpoint' },
              correlationId: deps.ids.next(),
              reason: 'signed checkpoint of stream heads',
            },
            [{ type: CHECKPOINT_EVENT_TYPE, data: encodeCheckpoint(checkpoint) }],
            checkpoint.createdAt,
          );
          return pipe(
            deps.eventStore.appendToStream(CHECKPOINT_STREAM, events, {
              expectedVersion: version,
            }),
            TE.map(() => O.some(checkpoint)),
          );
        }),
      ),
    ),
  );
