import { expectRight } from '../testing/expectEither.js';
import { generateKeyPairSync } from 'node:crypto';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import type { EventStore } from '../eventStore/port.js';
import { chainHash, GENESIS_HASH } from '../eventStore/hashChain.js';
import {
  signCheckpoint,
  checkpointDigest,
  FIRST_CHECKPOINT_DIGEST,
  type StreamHead,
} from './checkpoint.js';
import { CHECKPOINT_EVENT_TYPE, CHECKPOINT_STREAM, encodeCheckpoint } from './checkpointStream.js';
import { verifyStore } from './verifyStore.js';

// A read-only store over an array, so each test can tamper with the log the way a
// person with write access to the database could.
const arrayStore = (log: RecordedEvent[]): EventStore => {
  const unsupported = (): never => {
    throw new Error('read-only test store');
  };
  return {
    appendToStream: unsupported,
    aggregateStream: unsupported,
    subscribe: unsupported,
    close: () => Promise.resolve(),
    readStream: (name) => {
      const events = log.filter((e) => e.streamName === name);
      return TE.right({
        streamExists: events.length > 0,
        currentVersion: BigInt(events.length),
        events,
      });
    },
    readAll: (options) => {
      const from = options?.fromPosition ?? 0n;
      const rest = log.filter((e) => e.globalPosition >= from).slice(0, options?.batchSize ?? 1000);
      const last = rest[rest.length - 1];
      return TE.right({
        events: rest,
        nextPosition: last === undefined ? from : last.globalPosition + 1n,
        isEnd: last === undefined || last === log[log.length - 1],
      });
    },
  };
};

const keys = generateKeyPairSync('ed25519');
const publicKeys = new Map([['k1', keys.publicKey]]);

/** Builds a correctly chained log; each entry is [stream, data]. */
const buildLog = (entries: ReadonlyArray<readonly [string, unknown]>): RecordedEvent[] => {
  const heads = new Map<string, { version: bigint; hash: string }>();
  return entries.map(([streamName, data], i) => {
    const head = heads.get(streamName) ?? { version: 0n, hash: GENESIS_HASH };
    const content = {
      streamName,
      streamPosition: head.version + 1n,
      type: streamName === CHECKPOINT_STREAM ? CHECKPOINT_EVENT_TYPE : 'Something',
      data,
      metadata: {
        eventId: `e${i}`,
        recordedAt: '2026-07-01T09:00:00.000Z',
        actor: { kind: 'system' as const, id: 'test' },
        correlationId: 'c',
        schemaVersion: 1,
      },
    };
    const hash = chainHash(head.hash, content);
    heads.set(streamName, { version: content.streamPosition, hash });
    return { ...content, globalPosition: BigInt(i + 1), hash };
  });
};

const rechain = (log: RecordedEvent[]): RecordedEvent[] =>
  buildLog(log.map((e) => [e.streamName, e.data] as const)).map((e, i) => ({
    ...e,
    globalPosition: log[i]!.globalPosition,
  }));

const withCheckpoint = (log: RecordedEvent[]): RecordedEvent[] => {
  const heads = new Map<string, StreamHead>();
  for (const e of log)
    heads.set(e.streamName, { streamName: e.streamName, version: e.streamPosition, hash: e.hash });
  const cp = signCheckpoint(
    {
      sequence: 1,
      createdAt: '2026-07-01T10:00:00.000Z',
      coversPosition: BigInt(log.length),
      heads: [...heads.values()],
      previousDigest: FIRST_CHECKPOINT_DIGEST,
    },
    { keyId: 'k1', privateKey: keys.privateKey },
  );
  void checkpointDigest;
  return buildLog([
    ...log.map((e) => [e.streamName, e.data] as const),
    [CHECKPOINT_STREAM, encodeCheckpoint(cp)],
  ]);
};

const story = (): RecordedEvent[] =>
  buildLog([
    ['patient-a', { n: 1 }],
    ['patient-b', { n: 1 }],
    ['patient-a', { n: 2 }],
    ['patient-a', { n: 3 }],
    ['patient-b', { n: 2 }],
    ['patient-a', { n: 4 }],
    ['patient-a', { n: 5 }],
  ]);

const verify = (log: RecordedEvent[]) =>
  expectRight(verifyStore(arrayStore(log), { publicKeys }), 'read the log');

const firstFinding = async (log: RecordedEvent[]) => {
  const report = await verify(log);
  expect(report.clean).toBe(false);
  return report.findings[0]!;
};

describe('verifyStore', () => {
  it('given an untouched log with a checkpoint, then it verifies clean', async () => {
    const report = await verify(withCheckpoint(story()));
    expect(report).toMatchObject({ clean: true, events: 8, streams: 3, checkpoints: 1 });
  });

  it('given a changed event, then it names the stream and position', async () => {
    const log = story();
    log[2] = { ...log[2]!, data: { n: 99 } };
    expect(await firstFinding(log)).toMatchObject({
      kind: 'changed',
      streamName: 'patient-a',
      position: 2n,
    });
  });

  it('given a removed event in the middle of a stream, then the gap is found', async () => {
    const log = story().filter((_, i) => i !== 3);
    expect(await firstFinding(log)).toMatchObject({
      kind: 'removed',
      streamName: 'patient-a',
      position: 3n,
    });
  });

  it('given two events of a stream with their stream positions swapped, then it is found as reordered', async () => {
    const log = story();
    const [third, fourth] = [log[2]!, log[3]!]; // patient-a positions 2 and 3
    log[2] = { ...fourth, streamPosition: 2n, globalPosition: third.globalPosition };
    log[3] = { ...third, streamPosition: 3n, globalPosition: fourth.globalPosition };
    expect(await firstFinding(log)).toMatchObject({
      kind: 'reordered',
      streamName: 'patient-a',
      position: 2n,
    });
  });

  it('given an event slipped in with the later positions renumbered, then it is found as inserted', async () => {
    const log = story();
    const forged = buildLog([
      ['patient-a', { n: 1 }],
      ['patient-a', { forged: true }],
    ])[1]!;
    const renumbered = log.map((e) =>
      e.streamName === 'patient-a' && e.streamPosition >= 2n
        ? { ...e, streamPosition: e.streamPosition + 1n }
        : e,
    );
    renumbered.splice(2, 0, { ...forged, globalPosition: 3n });
    const positioned = renumbered.map((e, i) => ({ ...e, globalPosition: BigInt(i + 1) }));
    expect(await firstFinding(positioned)).toMatchObject({
      kind: 'inserted',
      streamName: 'patient-a',
      position: 2n,
    });
  });

  it('given two events of a stream swapped in the global order, then it is found as reordered', async () => {
    const log = story();
    const [third, fourth] = [log[2]!, log[3]!];
    log[2] = { ...fourth, globalPosition: third.globalPosition };
    log[3] = { ...third, globalPosition: fourth.globalPosition };
    expect(await firstFinding(log)).toMatchObject({
      kind: 'reordered',
      streamName: 'patient-a',
      position: 2n,
    });
  });

  it('given the last events of a stream removed after a checkpoint, then only the checkpoint reveals it', async () => {
    const log = withCheckpoint(story());
    const truncated = log.filter((e) => !(e.streamName === 'patient-a' && e.streamPosition >= 4n));
    expect((await verify(story().slice(0, 4))).clean).toBe(true); // without a checkpoint nothing can tell
    expect(await firstFinding(truncated)).toMatchObject({
      kind: 'removed',
      streamName: 'patient-a',
      position: 4n,
    });
  });

  it('given a stream rewritten with a freshly computed chain, then the checkpoint reveals it', async () => {
    const log = withCheckpoint(story());
    const edited = log.map((e) =>
      e.streamName === 'patient-a' && e.streamPosition === 2n ? { ...e, data: { n: 42 } } : e,
    );
    expect(await firstFinding(rechain(edited))).toMatchObject({
      kind: 'changed',
      streamName: 'patient-a',
      position: 5n,
    });
  });

  it('given a checkpoint whose signature does not match, then it is reported', async () => {
    const log = withCheckpoint(story());
    const last = log[log.length - 1]!;
    const data = { ...(last.data as Record<string, unknown>), coversPosition: '1' };
    log[log.length - 1] = { ...last, data };
    const report = await verify(rechain(log));
    expect(report.findings.map((f) => f.kind)).toContain('bad-checkpoint');
  });
});
