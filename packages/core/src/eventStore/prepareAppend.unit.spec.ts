import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata, NewEvent } from './envelope.js';
import { prepareAppend } from './prepareAppend.js';

const metadata: EventMetadata = {
  eventId: 'e-1',
  recordedAt: '2026-03-03T10:15:00.000Z',
  actor: { kind: 'system', id: 'test' },
  correlationId: 'c-1',
  schemaVersion: 1,
};
const event = (overrides: Partial<Record<keyof NewEvent, unknown>> = {}): NewEvent =>
  ({ type: 'Registered', data: { n: 1 }, metadata, ...overrides }) as NewEvent;

const messageOf = (result: ReturnType<typeof prepareAppend>): string =>
  E.isLeft(result) ? `${result.left.code}: ${result.left.message}` : 'accepted';

describe('prepareAppend', () => {
  it('returns frozen copies of the events, in order', () => {
    const input = [event(), event({ type: 'Consented', data: ['a'] })];
    const result = prepareAppend('patient-1', input);
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(result.right).toEqual(input);
    expect(result.right[0]?.data).not.toBe(input[0]?.data);
    expect(
      Object.isFrozen(result.right[1]?.data) && Object.isFrozen(result.right[0]?.metadata.actor),
    ).toBe(true);
  });

  it.each<[string, string, readonly NewEvent[], RegExp]>([
    ['an empty stream name', '', [event()], /stream name must be a non-empty string/],
    ['no events', 'patient-1', [], /at least one event/],
    [
      'an empty type',
      'patient-1',
      [event(), event({ type: '' })],
      /event 1: type must be a non-empty string/,
    ],
    [
      'data that is not JSON',
      'patient-1',
      [event({ data: { at: new Date(0) } })],
      /event 0: data\.at: Date is not plain JSON/,
    ],
    [
      'metadata that is not JSON',
      'patient-1',
      [event({ metadata: { ...metadata, schemaVersion: 1n } })],
      /metadata\.schemaVersion: bigint/,
    ],
    [
      'metadata that is not an object',
      'patient-1',
      [event({ metadata: ['x'] })],
      /metadata must be an object/,
    ],
  ])('refuses %s with InvalidAppend, naming the problem', (_what, stream, events, message) => {
    const result = messageOf(prepareAppend(stream, events));
    expect(result).toMatch(/^CONSENTRY_INVALID_APPEND: /);
    expect(result).toMatch(message);
  });
});
