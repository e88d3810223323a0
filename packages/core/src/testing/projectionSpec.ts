import { deepStrictEqual } from 'node:assert/strict';
import { addMinutes } from 'date-fns';
import type { Actor, RecordedEvent } from '../eventStore/envelope.js';
import { project, type Projection } from '../projections/projection.js';
import { schemaVersionOf } from '../schema/upcasters.js';

export interface GivenEvent {
  readonly type: string;
  readonly data: unknown;
  /** Defaults: one minute apart from 2026-07-01T09:00Z, by the system. */
  readonly recordedAt?: string;
  readonly actor?: Actor;
  readonly streamName?: string;
}

/** Stored events as a store would return them, for projection tests. */
export const recordedEvents = (
  events: readonly GivenEvent[],
  start = new Date('2026-07-01T09:00:00Z'),
): readonly RecordedEvent[] =>
  events.map((event, i) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: `event-${i + 1}`,
      recordedAt: event.recordedAt ?? addMinutes(start, i).toISOString(),
      actor: event.actor ?? { kind: 'system', id: 'test' },
      correlationId: `correlation-${i + 1}`,
      schemaVersion: schemaVersionOf(event.type),
    },
    streamName: event.streamName ?? 'test-1',
    streamPosition: BigInt(i + 1),
    globalPosition: BigInt(i),
    hash: '',
  }));

/**
 * Given / then for a projection: the events are folded from the initial state, as a
 * rebuild from `readAll` would.
 *
 *     projectionSpec(alertsProjection).given([emergency]).then((alerts) => expect(...));
 */
export const projectionSpec = <S>(projection: Projection<S>) => ({
  given: (events: readonly GivenEvent[]) => {
    const state = project(projection, recordedEvents(events));
    return {
      state,
      /** Deep-equals the expected state, or runs a check on it. */
      then: (expected: S | ((state: S) => void)): void => {
        if (typeof expected === 'function') (expected as (s: S) => void)(state);
        else deepStrictEqual(state, expected);
      },
    };
  },
});
