import type { NewEvent } from '@consentry/core';
import { randomUUID } from 'node:crypto';

/** A valid event with the given data; metadata as a command would set it. */
export const anEvent = (type: string, data: unknown, correlationId = 'test'): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    recordedAt: '2026-03-03T10:15:00.000Z',
    actor: { kind: 'system', id: 'store-sqlite-tests' },
    correlationId,
    schemaVersion: 1,
  },
});
