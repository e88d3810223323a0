import * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from './envelope.js';
import { storeUnavailable, type StoreError } from './errors.js';
import { pollingSubscription, type SubscriptionSource } from './pollingSubscription.js';
import type { ReadAllOptions, SubscribeOptions } from './port.js';

/** A log of labelled events behind the SubscriptionSource interface, with knobs to break it. */
const fakeLog = (options: { wakeOnAppend?: boolean; pollIntervalMs?: number } = {}) => {
  const events: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  const reads: ReadAllOptions[] = [];
  let failReads: StoreError | undefined;
  let failHead: StoreError | undefined;
  const source: SubscriptionSource = {
    readAll: (read = {}) => {
      reads.push(read);
      if (failReads !== undefined) return TE.left(failReads);
      const from = Math.max(0, Number(read.fromPosition ?? 0n) - 1);
      const batch = events.slice(from, from + (read.batchSize ?? 1000));
      return TE.right({
        events: batch,
        nextPosition: BigInt(from + batch.length + 1),
        isEnd: from + batch.length >= events.length,
      });
    },
    headPosition: () =>
      failHead === undefined ? TE.right(BigInt(events.length + 1)) : TE.left(failHead),
    pollIntervalMs: options.pollIntervalMs ?? 3_600_000,
    ...(options.wakeOnAppend === false
      ? {}
      : {
          onAppend: (listener: () => void) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        }),
  };
  const append = (...labels: string[]): void => {
    for (const label of labels) {
      const position = BigInt(events.length + 1);
      events.push({
        type: 'Labelled',
        data: { label },
        metadata: {
          eventId: label,
          recordedAt: '',
          actor: { kind: 'system', id: 's' },
          correlationId: '',
          schemaVersion: 1,
        },
        streamName: 'test-1',
        streamPosition: position,
        globalPosition: position,
        hash: '',
      });
    }
    for (const listener of listeners) listener();
  };
  return {
    source,
    append,
    listeners,
    reads,
    failReadsWith: (error: StoreError) => (failReads = error),
    failHeadWith: (error: StoreError) => (failHead = error),
  };
};

const labelOf = (event: RecordedEvent): string => (event.data as { label: string }).label;

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
};

const collect =
  (received: string[]): SubscribeOptions['handler'] =>
  (event) =>
    void received.push(labelOf(event));

describe('pollingSubscription', () => {
  it('delivers the catch-up across batches, then appended events, in order', async () => {
    const log = fakeLog();
    log.append('a', 'b', 'c', 'd', 'e');
    const received: string[] = [];
    const subscription = pollingSubscription(log.source, {
      fromPosition: 2n,
      batchSize: 2,
      handler: collect(received),
    });
    await until(() => received.length === 4);
    log.append('f', 'g');
    await until(() => received.length === 6);
    await subscription.stop();
    expect(received).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
    expect(log.reads.every((read) => read.batchSize === 2)).toBe(true);
  });

  it("starts at the head for 'end' and when no position is given", async () => {
    const log = fakeLog();
    log.append('old');
    const fromEnd: string[] = [];
    const byDefault: string[] = [];
    const first = pollingSubscription(log.source, {
      fromPosition: 'end',
      handler: collect(fromEnd),
    });
    const second = pollingSubscription(log.source, { handler: collect(byDefault) });
    log.append('new');
    await until(() => fromEnd.length === 1 && byDefault.length === 1);
    await Promise.all([first.stop(), second.stop()]);
    expect([fromEnd, byDefault]).toEqual([['new'], ['new']]);
  });

  it('finds events without a wake-up by polling', async () => {
    const log = fakeLog({ wakeOnAppend: false, pollIntervalMs: 5 });
    const received: string[] = [];
    const subscription = pollingSubscription(log.source, {
      fromPosition: 0n,
      handler: collect(received),
    });
    log.append('a');
    await until(() => received.length === 1);
    await subscription.stop();
    expect(received).toEqual(['a']);
  });

  it('stops at once while waiting for events, without waiting out the poll interval', async () => {
    const log = fakeLog({ pollIntervalMs: 3_600_000 });
    const subscription = pollingSubscription(log.source, {
      fromPosition: 0n,
      handler: () => undefined,
    });
    await until(() => log.reads.length === 1);
    await subscription.stop(); // an hour-long poll interval would time the test out
    expect(log.listeners.size).toBe(0);
    log.append('late');
    expect(log.reads.length).toBe(1);
  });

  it('waits for the running handler on stop, then delivers nothing more', async () => {
    const log = fakeLog();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const received: string[] = [];
    const subscription = pollingSubscription(log.source, {
      fromPosition: 0n,
      handler: async (event) => {
        received.push(labelOf(event));
        await gate;
      },
    });
    log.append('a', 'b');
    await until(() => received.length === 1);
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(received).toEqual(['a']);
  });

  it('reports a handler error to onError and stops', async () => {
    const log = fakeLog();
    const failure = new Error('projection broke');
    const errors: unknown[] = [];
    const received: string[] = [];
    const subscription = pollingSubscription(log.source, {
      fromPosition: 0n,
      handler: (event) => {
        received.push(labelOf(event));
        if (labelOf(event) === 'b') throw failure;
      },
      onError: (error) => void errors.push(error),
    });
    log.append('a', 'b', 'c');
    await until(() => errors.length === 1);
    log.append('d');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toEqual([failure]);
    expect(received).toEqual(['a', 'b']);
    expect(log.listeners.size).toBe(0);
    await subscription.stop();
  });

  it('reports a failed read, or a failed head lookup, to onError and stops', async () => {
    const unavailable = storeUnavailable('database is busy');
    const reading = fakeLog();
    reading.failReadsWith(unavailable);
    const heading = fakeLog();
    heading.failHeadWith(unavailable);
    const errors: unknown[] = [];
    const onError = (error: unknown): void => void errors.push(error);
    const first = pollingSubscription(reading.source, {
      fromPosition: 0n,
      handler: () => undefined,
      onError,
    });
    const second = pollingSubscription(heading.source, {
      fromPosition: 'end',
      handler: () => undefined,
      onError,
    });
    await until(() => errors.length === 2);
    await Promise.all([first.stop(), second.stop()]);
    expect(errors).toEqual([unavailable, unavailable]);
    expect(reading.reads.length).toBe(1);
    expect(heading.reads.length).toBe(0);
  });
});
