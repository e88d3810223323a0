import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@consentry/core';

/** A valid event with the given type and data. */
export const anEvent = (type = 'SomethingHappened', data: unknown = { n: 1 }): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    recordedAt: '2026-07-01T09:00:00.000Z',
    actor: { kind: 'system', id: 'test' },
    correlationId: randomUUID(),
    schemaVersion: 1,
  },
});

export const events = (count: number, type = 'SomethingHappened'): NewEvent[] =>
  Array.from({ length: count }, (_, n) => anEvent(type, { n }));
