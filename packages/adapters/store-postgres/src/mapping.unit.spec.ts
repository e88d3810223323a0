import * as E from 'fp-ts/lib/Either.js';
import { isInvalidAppend, isStoreFailure, isStoreUnavailable } from '@consentry/core';
import {
  INDEX_BITS,
  isUniqueViolation,
  isUnknownOutcome,
  rowToEvent,
  toStoreError,
} from './mapping.js';

const pgError = (code: string, message = 'boom'): Error =>
  Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it.each([
    [
      'a server shutting down',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server starting up', pgError('57P03', 'the database system is starting up')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['a deadlock', pgError('40P01', 'deadlock detected')],
    ['a connection-class SQLSTATE', pgError('08006', 'connection failure')],
  ])('calls %s unavailable (retry later)', (_, error) => {
    expect(isStoreUnavailable(toStoreError('read', error))).toBe(true);
  });

  it('warns that an interrupted append may have been written', () => {
    expect(toStoreError('append to x', pgError('57P01'), true).message).toMatch(
      /may or may not have been written/,
    );
    expect(isUnknownOutcome(toStoreError('append to x', pgError('57P01'), true))).toBe(true);
  });

  it('knows an append that never reached a server was not written', () => {
    for (const error of [
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('57P03', 'the database system is starting up'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      const mapped = toStoreError('append to x', error, true);
      expect([isStoreUnavailable(mapped), isUnknownOutcome(mapped)]).toEqual([true, false]);
    }
  });

  it('calls bad data in an append the caller’s error, and anything else a failure', () => {
    expect(isInvalidAppend(toStoreError('append to x', pgError('22P05'), true))).toBe(true);
    expect(isStoreFailure(toStoreError('read', pgError('42P01', 'relation does not exist')))).toBe(
      true,
    );
    expect(isStoreFailure(toStoreError('read', pgError('22P05')))).toBe(true);
  });

  it('recognises the unique violation that means another writer won', () => {
    expect(isUniqueViolation(pgError('23505'))).toBe(true);
    expect(isUniqueViolation(pgError('23503'))).toBe(false);
  });
});

describe('rowToEvent', () => {
  const metadata = {
    eventId: 'e1',
    recordedAt: '2026-07-01T09:00:00.000Z',
    actor: { kind: 'system', id: 's' },
    correlationId: 'c1',
    schemaVersion: 1,
  };
  // A leading column the event does not start at, as readAll's horizon.
  const row = (meta: unknown = metadata): unknown[] => [
    '999',
    ((123n << INDEX_BITS) + 2n).toString(),
    'patient-1',
    '3',
    'PatientRegistered',
    { a: 1 },
    meta,
    'h',
  ];

  it('turns int8 strings into bigints, reading from the given column', () => {
    const event = rowToEvent(row(), 1);
    expect(E.isRight(event) && event.right).toEqual({
      type: 'PatientRegistered',
      data: { a: 1 },
      metadata,
      streamName: 'patient-1',
      streamPosition: 3n,
      globalPosition: 8060930n,
      hash: 'h',
    });
  });

  it('names the bad field of a corrupt row', () => {
    const event = rowToEvent(row({ ...metadata, actor: { kind: 'robot', id: 's' } }), 1);
    expect(E.isLeft(event) && event.left.message).toMatch(/patient-1@3.*actor.*kind/);
  });
});
