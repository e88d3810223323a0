import { expectLeft, expectRight } from '@consentry/core/testing';
import {
  ANY,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  AccessDeniedError,
  MaxAppendSizeExceededError,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { GENESIS_HASH, chainHash, type NewEvent, type StoreError } from '@consentry/core';
import {
  eventIdOf,
  fromClientError,
  fromExpectedRevision,
  fromResolvedEvent,
  isStreamNotFound,
  isForeignEvent,
  subscriptionFilter,
  toStreamId,
  readAllStart,
  subscriptionStart,
  toEventData,
  toExpectedRevision,
  toGlobalPosition,
  versionOfCurrentRevision,
  versionOfRevision,
  revisionOfVersion,
  logPositionOf,
} from './mapping.js';

const newEvent = (data: unknown, eventId = '01936f6e-8f4c-7d2a-9b1e-3c5d7e9f1a2b'): NewEvent => ({
  type: 'SharingPreferenceSet',
  data,
  metadata: {
    eventId,
    recordedAt: '2026-07-01T09:00:00.000Z',
    actor: { kind: 'patient', id: 'alice' },
    correlationId: 'c-1',
    causationId: 'cause-1',
    reason: 'asked in clinic',
    schemaVersion: 1,
  },
});

/** What the server sends back for stored EventData: JSON through bytes, as the client decodes it. */
const asStored = (
  data: EventData,
  streamId: string,
  revision: bigint,
  commit: bigint,
): ResolvedEvent => {
  const throughBytes = (value: unknown): unknown =>
    JSON.parse(Buffer.from(JSON.stringify(value), 'utf8').toString('utf8'));
  const event = {
    streamId,
    id: data.id,
    isJson: true,
    revision,
    type: data.type,
    created: new Date(0),
    data: throughBytes(data.data),
    metadata: throughBytes(data.metadata),
    position: { commit, prepare: commit },
  };
  return { event } as unknown as ResolvedEvent;
};

describe('stream versions', () => {
  it('core version is the revision + 1, so 0n stays "no stream"', () => {
    expect(versionOfRevision(0n)).toBe(1n);
    expect(versionOfRevision(41n)).toBe(42n);
    expect(revisionOfVersion(1n)).toBe(0n);
    expect(versionOfCurrentRevision(NO_STREAM)).toBe(0n);
    expect(versionOfCurrentRevision(-1n)).toBe(0n);
    expect(versionOfCurrentRevision(4n)).toBe(5n);
  });

  it('expected versions map to the client sentinels and back', () => {
    expect(toExpectedRevision('any')).toBe(ANY);
    expect(toExpectedRevision('no-stream')).toBe(NO_STREAM);
    expect(toExpectedRevision('stream-exists')).toBe(STREAM_EXISTS);
    expect(toExpectedRevision(0n)).toBe(NO_STREAM);
    expect(toExpectedRevision(3n)).toBe(2n);
    expect(fromExpectedRevision(ANY)).toBe('any');
    expect(fromExpectedRevision(NO_STREAM)).toBe('no-stream');
    expect(fromExpectedRevision(STREAM_EXISTS)).toBe('stream-exists');
    expect(fromExpectedRevision(2n)).toBe(3n);
  });

  it('the legacy numeric sentinels in server error metadata map too', () => {
    expect(fromExpectedRevision(-1n)).toBe('no-stream');
    expect(fromExpectedRevision(-2n)).toBe('any');
    expect(fromExpectedRevision(-4n)).toBe('stream-exists');
  });
});

// gRPC status codes, as the client receives them.
const status = { NOT_FOUND: 5, FAILED_PRECONDITION: 9, UNAVAILABLE: 14 } as const;

/** A raw gRPC error as @grpc/grpc-js hands it to the client: numeric code, details, metadata. */
const grpcError = (
  code: number,
  message: string,
  meta: Record<string, string> = {},
): ServiceError =>
  Object.assign(new Error(`${code} ${message}`), {
    code,
    details: message,
    metadata: { getMap: () => meta },
  }) as unknown as ServiceError;

type ServiceError = ConstructorParameters<typeof NotLeaderError>[0];

describe('client errors', () => {
  const tag = (error: StoreError): string => error._tag;

  it('WrongExpectedVersionError is a VersionConflict carrying the real current version', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'patient-1',
      expected: 2n,
      current: 4n,
    });
    expect(fromClientError(error, { streamName: 'patient-1', expected: 3n })).toMatchObject({
      _tag: 'VersionConflict',
      code: 'CONSENTRY_VERSION_CONFLICT',
      streamName: 'patient-1',
      expected: 3n,
      actual: 5n,
    });
  });

  it('a conflict on a missing stream reports version 0n, and without context uses the error own fields', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'patient-2',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(fromClientError(error)).toMatchObject({
      streamName: 'patient-2',
      expected: 'stream-exists',
      actual: 0n,
    });
  });

  it('a raw gRPC wrong-expected-version error (server metadata) maps the same way', () => {
    const raw = grpcError(status.FAILED_PRECONDITION, 'wrong version', {
      exception: 'wrong-expected-version',
      'stream-name': 'patient-3',
      'expected-version': '-1',
      'actual-version': '0',
    });
    expect(fromClientError(raw)).toMatchObject({
      _tag: 'VersionConflict',
      streamName: 'patient-3',
      expected: 'no-stream',
      actual: 1n,
    });
  });

  it('StreamNotFoundError is recognised (reads turn it into an empty stream)', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'patient-9'))).toBe(true);
    expect(
      isStreamNotFound(
        grpcError(status.NOT_FOUND, 'nf', { exception: 'stream-not-found', 'stream-name': 's' }),
      ),
    ).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
  });

  it('unavailable, deadline, not-leader and failed discovery are StoreUnavailable (retry later)', () => {
    const leaderMoved = grpcError(status.NOT_FOUND, 'not leader', {
      exception: 'not-leader',
      'leader-endpoint-host': '10.0.0.2',
      'leader-endpoint-port': '2113',
    });
    expect(new NotLeaderError(leaderMoved).type).toBe('not-leader');
    for (const error of [
      new UnavailableError(),
      new DeadlineExceededError(),
      new NotLeaderError(leaderMoved),
      grpcError(status.UNAVAILABLE, 'No connection established'),
      new Error('Failed to discover after 10 attempts.'),
    ]) {
      expect(fromClientError(error)).toMatchObject({
        _tag: 'StoreUnavailable',
        code: 'CONSENTRY_STORE_UNAVAILABLE',
      });
    }
  });

  it('an oversized append is InvalidAppend; deleted streams, access denied and unknown errors are StoreFailure', () => {
    expect(tag(fromClientError(MaxAppendSizeExceededError.fromMaxAppendSize(1024)))).toBe(
      'InvalidAppend',
    );
    expect(
      fromClientError(StreamDeletedError.fromStreamName('patient-4'), { streamName: 'patient-4' }),
    ).toMatchObject({
      _tag: 'StoreFailure',
      message: expect.stringContaining('patient-4') as unknown,
    });
    expect(tag(fromClientError(new AccessDeniedError()))).toBe('StoreFailure');
    expect(tag(fromClientError(new TypeError('boom')))).toBe('StoreFailure');
  });
});

describe('$all positions', () => {
  it('core global position is 2 × commit + 2: never 0n and increasing', () => {
    expect(expectRight(toGlobalPosition({ commit: 0n, prepare: 0n }))).toBe(2n);
    expect(expectRight(toGlobalPosition({ commit: 1234n, prepare: 1234n }))).toBe(2470n);
    expect(expectRight(toGlobalPosition({ commit: 1235n, prepare: 1235n }))).toBeGreaterThan(2470n);
  });

  it('a missing position (servers before 22.6 on stream reads) is a StoreFailure, not a made-up number', () => {
    expect(expectLeft(toGlobalPosition(undefined))._tag).toBe('StoreFailure');
    expect(
      expectLeft(toGlobalPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n }))._tag,
    ).toBe('StoreFailure');
  });

  it('an event position and the one after it both start reads on that event record', () => {
    const g = expectRight(toGlobalPosition({ commit: 5000n, prepare: 5000n }));
    expect(logPositionOf(g)).toEqual({ commit: 5000n, prepare: 5000n });
    expect(logPositionOf(g + 1n)).toEqual({ commit: 5000n, prepare: 5000n });
    expect(readAllStart(g)).toEqual({ commit: 5000n, prepare: 5000n });
    expect(readAllStart(0n)).toBe(START);
    expect(readAllStart(1n)).toBe(START);
  });

  it('a subscription from an event includes it; from the position after an event excludes it', () => {
    const g = expectRight(toGlobalPosition({ commit: 5000n, prepare: 5000n }));
    expect(subscriptionStart(g)).toEqual({
      after: { commit: 5000n, prepare: 5000n },
      exactly: { commit: 5000n, prepare: 5000n },
    });
    expect(subscriptionStart(g + 1n)).toEqual({ after: { commit: 5000n, prepare: 5000n } });
    expect(subscriptionStart(0n)).toEqual({ after: START });
  });
});

describe('serialisation', () => {
  const hash = chainHash(GENESIS_HASH, { ...newEvent({}), streamName: 's', streamPosition: 1n });

  it('round-trips unicode and nested data, metadata and the chain hash', () => {
    const event = newEvent({
      name: 'Zoë Ångström 李小龍 👩🏽‍⚕️',
      nested: { list: [1, 2.5, null, true, { deep: ['x', { deeper: 'ü' }] }], empty: {} },
      quote: 'line\nbreak "quoted" \\ back',
    });
    const data = expectRight(toEventData(event, hash));
    expect(data).toMatchObject({
      id: event.metadata.eventId,
      contentType: 'application/json',
      type: event.type,
    });
    expect(data.metadata).toMatchObject({ hash, $correlationId: 'c-1', $causationId: 'cause-1' });

    const recorded = expectRight(fromResolvedEvent(asStored(data, 'sharing-1', 0n, 777n)));
    expect(recorded).toEqual({
      ...event,
      streamName: 'sharing-1',
      streamPosition: 1n,
      globalPosition: 1556n,
      hash,
    });
    // The hash recomputed from what was read matches: the chain survives the store.
    expect(chainHash(GENESIS_HASH, recorded)).toBe(
      chainHash(GENESIS_HASH, { ...event, streamName: 'sharing-1', streamPosition: 1n }),
    );
  });

  it('scalar JSON data (string, number, null) round-trips too', () => {
    for (const value of ['just text', 42, null, false]) {
      const recorded = expectRight(
        fromResolvedEvent(
          asStored(expectRight(toEventData(newEvent(value), hash)), 's-1', 3n, 10n),
        ),
      );
      expect(recorded.data).toEqual(value);
      expect(recorded.streamPosition).toBe(4n);
    }
  });

  it('event ids: a UUID is used as is; any other id gets a stable UUID derived from it', () => {
    expect(eventIdOf('01936F6E-8F4C-7D2A-9B1E-3C5D7E9F1A2B')).toBe(
      '01936f6e-8f4c-7d2a-9b1e-3c5d7e9f1a2b',
    );
    const derived = eventIdOf('event-1');
    expect(derived).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(eventIdOf('event-1')).toBe(derived);
    expect(eventIdOf('event-2')).not.toBe(derived);
    // The original id still comes back in the metadata.
    const recorded = expectRight(
      fromResolvedEvent(
        asStored(expectRight(toEventData(newEvent({}, 'event-1'), hash)), 's', 0n, 1n),
      ),
    );
    expect(recorded.metadata.eventId).toBe('event-1');
  });

  it('rejects `$` event types and metadata keys the store reserves', () => {
    expect(expectLeft(toEventData({ ...newEvent({}), type: '$metadata' }, hash))._tag).toBe(
      'InvalidAppend',
    );
    const withHash = newEvent({});
    expect(
      expectLeft(
        toEventData({ ...withHash, metadata: { ...withHash.metadata, ...{ hash: 'x' } } }, hash),
      ).message,
    ).toContain('"hash"');
  });

  it('events not written by Consentry are StoreFailures, not silently misread', () => {
    const stored = asStored(expectRight(toEventData(newEvent({}), hash)), 's', 0n, 1n);
    const noHash = { event: { ...stored.event, metadata: { eventId: 'x' } } } as ResolvedEvent;
    expect(expectLeft(fromResolvedEvent(noHash)).message).toContain('no chain hash');
    const binary = {
      event: { ...stored.event, isJson: false, data: new Uint8Array([1]) },
    } as unknown as ResolvedEvent;
    expect(expectLeft(fromResolvedEvent(binary)).message).toContain('not JSON');
    const badMetadata = {
      event: { ...stored.event, metadata: { hash, actor: 'nobody' } },
    } as ResolvedEvent;
    expect(expectLeft(fromResolvedEvent(badMetadata)).message).toContain('invalid metadata');
  });

  it('system events (type starting with $) and other namespaces are foreign to a store', () => {
    const stored = asStored(
      expectRight(toEventData(newEvent({}), hash)),
      'tenant1-patient-1',
      0n,
      1n,
    );
    expect(isForeignEvent(stored, '')).toBe(false);
    expect(isForeignEvent(stored, 'tenant1-')).toBe(false);
    expect(isForeignEvent(stored, 'tenant2-')).toBe(true);
    expect(
      isForeignEvent({ event: { ...stored.event, type: '$metadata' } } as ResolvedEvent, ''),
    ).toBe(true);
    expect(
      isForeignEvent({ event: { ...stored.event, type: '$>' } } as ResolvedEvent, 'tenant1-'),
    ).toBe(true);
  });

  it('a stream prefix is added on write and removed on read, and is what subscriptions filter on', () => {
    expect(toStreamId('tenant1-', 'patient-1')).toBe('tenant1-patient-1');
    const stored = asStored(
      expectRight(toEventData(newEvent({}), hash)),
      'tenant1-patient-1',
      0n,
      1n,
    );
    expect(expectRight(fromResolvedEvent(stored, 'tenant1-')).streamName).toBe('patient-1');
    expect(expectLeft(fromResolvedEvent(stored, 'tenant2-'))._tag).toBe('StoreFailure');
    expect(subscriptionFilter('tenant1-')).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['tenant1-'],
    });
    expect(subscriptionFilter('')).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });
});
