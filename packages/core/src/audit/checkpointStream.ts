import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { streamName } from '../eventStore/streamName.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { readStreamEvent } from '../streams/reader.js';
import type { Checkpoint } from './checkpoint.js';

/** Checkpoints live in the store they vouch for, in one stream of their own. */
export const CHECKPOINT_STREAM = streamName('auditCheckpoint', 'log');
export const CHECKPOINT_EVENT_TYPE = 'AuditCheckpointSigned';

const BigIntString = new t.Type<bigint, string, unknown>(
  'BigIntString',
  (u): u is bigint => typeof u === 'bigint',
  (u, c) =>
    typeof u === 'string' && /^\d+$/.test(u)
      ? t.success(BigInt(u))
      : t.failure(u, c, 'not a decimal integer'),
  (b) => b.toString(),
);

export const CheckpointData = t.type({
  sequence: t.number,
  createdAt: t.string,
  coversPosition: BigIntString,
  heads: t.array(t.type({ streamName: t.string, version: BigIntString, hash: t.string })),
  previousDigest: t.string,
  keyId: t.string,
  signature: t.string,
});

export const encodeCheckpoint = (cp: Checkpoint): unknown =>
  CheckpointData.encode({ ...cp, heads: [...cp.heads] });

const CheckpointEvent = t.type({ type: t.literal(CHECKPOINT_EVENT_TYPE), data: CheckpointData });

/** Decodes a checkpoint event (through the one event reader); a malformed one is reported, never thrown. */
export const decodeCheckpoint = (event: RecordedEvent): E.Either<string, Checkpoint> =>
  pipe(
    readStreamEvent(CheckpointEvent, event),
    E.map((read) => read.data),
    E.mapLeft(
      () => `checkpoint at ${event.streamName}@${event.streamPosition.toString()} is malformed`,
    ),
  );
