import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { streamCategory, type EventStore, type RecordedEvent } from '@consentry/core';
import type { HostMetrics } from './registry.js';
import { inSpan, markFailed } from './tracing.js';

/** How many appended events' times are kept to measure the reactor's lag against. */
const REMEMBERED_EVENTS = 10_000;

/** Timed, and traced as `consentry.store <operation>` with the stream's category (never its id). */
const timed =
  <A, B>(
    task: TE.TaskEither<A, B>,
    observe: (seconds: number) => void,
    operation: string,
    streamName?: string,
  ): TE.TaskEither<A, B> =>
  () =>
    inSpan(
      `consentry.store ${operation}`,
      streamName === undefined ? {} : { 'consentry.stream.category': streamCategory(streamName) },
      async (span) => {
        const started = process.hrtime.bigint();
        try {
          const result = await task();
          if (E.isLeft(result)) markFailed(span, 'StoreError');
          return result;
        } finally {
          observe(Number(process.hrtime.bigint() - started) / 1e9);
        }
      },
    );

interface Seen {
  readonly data: Record<string, unknown>;
}
const field = (event: Seen, name: string): string =>
  typeof event.data[name] === 'string' ? event.data[name] : 'unknown';

/**
 * The event store as the host uses it, timed, and read for what the log records about
 * codes and messages. It wraps the port (core is not touched) and changes nothing it
 * passes through: same arguments, same results, same errors.
 */
export const instrumentedEventStore = (store: EventStore, metrics: HostMetrics): EventStore => {
  // When each recent event was appended here: the reactor's lag is measured from it.
  const appendedAt = new Map<string, number>();
  const remember = (eventId: string, at: number): void => {
    appendedAt.set(eventId, at);
    if (appendedAt.size > REMEMBERED_EVENTS) {
      const oldest = appendedAt.keys().next().value;
      if (oldest !== undefined) appendedAt.delete(oldest);
    }
  };
  const lagOf = (event: Seen, at: number): void => {
    const since = appendedAt.get(field(event, 'causationEventId'));
    if (since !== undefined) metrics.reactorLag.observe((at - since) / 1000);
  };

  const observe = (events: readonly RecordedEvent[]): void => {
    const at = performance.now();
    for (const event of events) {
      remember(event.metadata.eventId, at);
      const seen = event as Seen;
      switch (event.type) {
        case 'VerificationChallengeIssued':
          metrics.codesIssued.inc({ kind: 'verification', channel: field(seen, 'channel') });
          break;
        case 'VerificationCodeResent':
          metrics.codesIssued.inc({ kind: 'verification-resent', channel: field(seen, 'channel') });
          break;
        case 'NotificationSent':
          metrics.messages.inc({ channel: field(seen, 'channel'), result: 'sent' });
          failedChannels(seen, 'earlierFailures');
          lagOf(seen, at);
          break;
        case 'NotificationFailed':
          failedChannels(seen, 'failures');
          if (!Array.isArray(seen.data['failures']) || seen.data['failures'].length === 0)
            metrics.messages.inc({ channel: 'none', result: 'failed' });
          lagOf(seen, at);
          break;
      }
    }
  };
  // Each channel that did not take a message counts as one failure on that channel.
  const failedChannels = (event: Seen, name: string): void => {
    const failures = event.data[name];
    if (!Array.isArray(failures)) return;
    for (const failure of failures as { channel?: unknown }[])
      metrics.messages.inc({
        channel: typeof failure.channel === 'string' ? failure.channel : 'unknown',
        result: 'failed',
      });
  };

  const read = (operation: string) => (seconds: number) =>
    metrics.storeReadSeconds.observe({ operation }, seconds);
  return {
    appendToStream: (streamName, events, options) => {
      const append = timed(
        store.appendToStream(streamName, events, options),
        (s) => metrics.storeAppendSeconds.observe(s),
        'appendToStream',
        streamName,
      );
      return async () => {
        const result = await append();
        if (E.isRight(result)) observe(result.right.events);
        return result;
      };
    },
    readStream: (streamName, options) =>
      timed(store.readStream(streamName, options), read('readStream'), 'readStream', streamName),
    aggregateStream: (streamName, options) =>
      timed(
        store.aggregateStream(streamName, options),
        read('aggregateStream'),
        'aggregateStream',
        streamName,
      ),
    readAll: (options) => timed(store.readAll(options), read('readAll'), 'readAll'),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
};
