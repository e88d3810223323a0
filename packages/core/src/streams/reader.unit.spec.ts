import * as E from 'fp-ts/lib/Either.js';
import { CareEvent } from '../consentRecord/care/events.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { NOT_OURS, UNDECODABLE, eventReader, readStreamEvent } from './reader.js';

// The one event reader's rule (docs/architecture.md, "Reading an event"): upcast, then decode
// by the codec member its type names; not ours, or known but undecodable, told apart.

const stored = (type: string, data: unknown, schemaVersion: number): RecordedEvent =>
  ({
    type,
    data,
    metadata: {
      eventId: 'e-1',
      recordedAt: '2025-01-01T00:00:00.000Z',
      actor: { kind: 'system', id: 'test' },
      correlationId: 'c-1',
      schemaVersion,
    },
    streamName: 'consent-alice',
    streamPosition: 3n,
    globalPosition: 9n,
  }) as unknown as RecordedEvent;

const started = {
  patientId: 'alice',
  relationshipId: 'rel-1',
  organisationId: 'cornwall-hospital',
};
const readCare = eventReader(CareEvent);

describe('the event reader', () => {
  it('reads an event of the current schema in its domain shape', () => {
    expect(
      readCare(stored('CareRelationshipStarted', { ...started, selfClaimed: true }, 2)),
    ).toEqual({
      type: 'CareRelationshipStarted',
      data: { ...started, selfClaimed: true },
    });
  });

  it('upcasts an older event before decoding it (version 1 had no selfClaimed)', () => {
    expect(readCare(stored('CareRelationshipStarted', started, 1))).toEqual({
      type: 'CareRelationshipStarted',
      data: { ...started, selfClaimed: false },
    });
  });

  it('says NOT_OURS for a type its codec does not know, UNDECODABLE for a known type that does not decode', () => {
    expect(readCare(stored('NotificationSent', {}, 1))).toBe(NOT_OURS);
    expect(readCare(stored('CareRelationshipStarted', { patientId: 42 }, 2))).toBe(UNDECODABLE);
  });

  it('fails a stream load on either, naming the event and why', () => {
    const unknown = readStreamEvent(CareEvent, stored('NotificationSent', {}, 1));
    const corrupt = readStreamEvent(
      CareEvent,
      stored('CareRelationshipStarted', { patientId: 42 }, 2),
    );
    expect(E.isLeft(unknown) && unknown.left.message).toBe(
      'Event consent-alice@3 does not decode: type NotificationSent is not an event of this stream',
    );
    expect(E.isLeft(corrupt) && corrupt.left.code).toBe('CONSENTRY_STORE_FAILURE');
    expect(E.isLeft(corrupt) && corrupt.left.message).toMatch(
      /^Event consent-alice@3 does not decode: /,
    );
  });
});
