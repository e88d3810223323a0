import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type JSONEventData,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';

/**
 * An in-process stand-in for the part of an EventStoreDB server this adapter uses, so the
 * adapter's own logic (head reads, exact-revision appends, paging $all, subscriptions) can
 * run the contract where no server can be installed. It copies the server's documented
 * behaviour, including what the adapter must work around: revisions from 0, positions that
 * are byte offsets of variable-size records (a read from inside a record fails), system
 * events in $all, inclusive reads and exclusive subscription starts. It is not the server:
 * only the int spec against a real one shows the adapter works.
 */
interface LogRecord {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const toResolved = (record: LogRecord): ResolvedEvent =>
  ({
    event: {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: new Date(0),
      data: JSON.parse(record.data) as unknown,
      metadata: JSON.parse(record.metadata) as unknown,
      position: { commit: record.position, prepare: record.position },
    },
    commitPosition: record.position,
  }) as ResolvedEvent;

const passes = (filter: Filter, record: LogRecord): boolean =>
  'regex' in filter
    ? new RegExp(filter.regex).test(filter.filterOn === 'eventType' ? record.type : record.streamId)
    : filter.prefixes.some((prefix) =>
        (filter.filterOn === 'eventType' ? record.type : record.streamId).startsWith(prefix),
      );

export const emulatedServer = (): EventStoreDBClient => {
  const log: LogRecord[] = [];
  const indexOf = new Map<bigint, number>();
  const streams = new Map<string, LogRecord[]>();
  const listeners = new Set<() => void>();
  let end = 0n;

  const write = (
    streamId: string,
    type: string,
    data: string,
    metadata: string,
    id: string,
  ): LogRecord => {
    const stream = streams.get(streamId) ?? [];
    // Like the transaction file: a record's position is its byte offset, so records differ in size.
    const record = {
      position: end,
      streamId,
      revision: BigInt(stream.length),
      id,
      type,
      data,
      metadata,
    };
    end += 120n + BigInt(Buffer.byteLength(data) + Buffer.byteLength(metadata) + streamId.length);
    indexOf.set(record.position, log.length);
    log.push(record);
    stream.push(record);
    streams.set(streamId, stream);
    return record;
  };
  // The server's own events are in $all from the start, and keep appearing.
  write('$settings', '$settings', '{}', '{}', '00000000-0000-4000-8000-000000000000');

  const indexAt = (from: ReadPosition): number => {
    if (from === 'start') return 0;
    if (from === 'end') return log.length;
    if (from.commit >= end) return log.length;
    const index = indexOf.get(from.commit);
    if (index === undefined)
      throw new UnknownError(undefined, `Invalid position ${from.commit.toString()}: not a record`);
    return index;
  };

  const checkExpected = (
    streamId: string,
    expected: AppendExpectedRevision,
    stream: readonly LogRecord[],
  ): void => {
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && stream.length === 0) ||
      (expected === STREAM_EXISTS && stream.length > 0) ||
      expected === current;
    if (!ok)
      throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current });
  };

  const server = {
    async appendToStream(
      streamId: string,
      events: EventData[],
      options: { expectedRevision: AppendExpectedRevision },
    ): Promise<AppendResult> {
      await tick();
      checkExpected(streamId, options.expectedRevision, streams.get(streamId) ?? []);
      let last: LogRecord | undefined;
      for (const event of events as JSONEventData[]) {
        last = write(
          streamId,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          event.id,
        );
      }
      if (log.length % 7 === 0)
        write(
          '$stats-127.0.0.1:2113',
          '$statsCollected',
          '{}',
          '{}',
          '00000000-0000-4000-8000-000000000001',
        );
      listeners.forEach((notify) => notify());
      const result = { success: true, nextExpectedRevision: last?.revision ?? -1n };
      return last === undefined
        ? result
        : { ...result, position: { commit: last.position, prepare: last.position } };
    },

    async *readStream(
      streamId: string,
      options: {
        direction?: string;
        fromRevision?: bigint | 'start' | 'end';
        maxCount?: number;
      } = {},
    ) {
      await tick();
      const stream = streams.get(streamId);
      if (stream === undefined) throw new StreamNotFoundError(undefined, streamId);
      const backwards = options.direction === 'backwards';
      const ordered = backwards ? [...stream].reverse() : stream;
      const from = options.fromRevision ?? (backwards ? 'end' : 'start');
      const selected = ordered.filter((record) =>
        typeof from !== 'bigint'
          ? true
          : backwards
            ? record.revision <= from
            : record.revision >= from,
      );
      yield* selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER).map(toResolved);
    },

    async *readAll(options: { fromPosition?: ReadPosition; maxCount?: number } = {}) {
      await tick();
      const start = indexAt(options.fromPosition ?? 'start');
      yield* log
        .slice(start, start + (options.maxCount ?? Number.MAX_SAFE_INTEGER))
        .map(toResolved);
    },

    subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }) {
      let next =
        options.fromPosition === 'end'
          ? log.length
          : options.fromPosition === 'start' || options.fromPosition === undefined
            ? 0
            : indexAt(options.fromPosition) + 1;
      let closed = false;
      let wake: (() => void) | undefined;
      const notify = (): void => wake?.();
      listeners.add(notify);
      const unsubscribe = (): Promise<void> => {
        closed = true;
        listeners.delete(notify);
        wake?.();
        return Promise.resolve();
      };
      async function* events(): AsyncGenerator<ResolvedEvent> {
        while (!closed) {
          const record = log[next];
          if (record === undefined) {
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          next++;
          if (options.filter === undefined || passes(options.filter, record))
            yield toResolved(record);
        }
      }
      return Object.assign(events(), { unsubscribe });
    },
  };
  return server as unknown as EventStoreDBClient;
};
