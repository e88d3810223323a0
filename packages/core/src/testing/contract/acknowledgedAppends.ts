import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import { isInvalidAppend, isVersionConflict } from '../../eventStore/errors.js';
import type { AppendResult, EventStore } from '../../eventStore/port.js';
import {
  type ContractCheck,
  expectRight,
  range,
  readWholeLog,
  testEvent,
  where,
  withStore,
} from './support.js';

// docs/event-store.md: overlapping appends through one shared connection joined one transaction, and a
// later failing append rolled back an earlier one that had already been acknowledged.

interface Attempt {
  readonly stream: string;
  readonly shouldSucceed: boolean;
  readonly run: () => Promise<E.Either<unknown, AppendResult>>;
}

/** Per stream: a good append and a doomed one (wrong version, missing stream or empty), in varying order. */
const attemptsFor = (store: EventStore, i: number): Attempt[] => {
  const existing = `account-${i}`;
  const fresh = `fresh-${i}`;
  const two = [testEvent('Good', { i, part: 1 }), testEvent('Good', { i, part: 2 })];
  const attempts: Attempt[] = [
    {
      stream: existing,
      shouldSucceed: true,
      run: store.appendToStream(existing, two, { expectedVersion: 1n }),
    },
    {
      stream: existing,
      shouldSucceed: false,
      run: store.appendToStream(existing, [testEvent('Bad', { i })], { expectedVersion: 7n }),
    },
    {
      stream: fresh,
      shouldSucceed: true,
      run: store.appendToStream(fresh, [testEvent('Good', { i })], {
        expectedVersion: 'no-stream',
      }),
    },
    {
      stream: `missing-${i}`,
      shouldSucceed: false,
      run: store.appendToStream(`missing-${i}`, [testEvent('Bad', { i })], {
        expectedVersion: 'stream-exists',
      }),
    },
    { stream: fresh, shouldSucceed: false, run: store.appendToStream(fresh, []) },
  ];
  return i % 2 === 0 ? attempts : attempts.reverse();
};

export const acknowledgedAppendsSurvive: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    for (const i of range(40)) {
      await expectRight(store.appendToStream(`account-${i}`, [testEvent('Opened', { i })]), 'seed');
    }
    const attempts = range(40).flatMap((i) => attemptsFor(store, i));
    const results = await Promise.all(attempts.map((attempt) => attempt.run()));

    const acknowledged: RecordedEvent[] = [];
    results.forEach((result, k) => {
      const attempt = attempts[k] as Attempt;
      if (E.isRight(result)) acknowledged.push(...result.right.events);
      else {
        const error = result.left;
        assert.ok(
          isVersionConflict(error) || isInvalidAppend(error),
          `${attempt.stream}: unexpected error ${String((error as { message?: unknown }).message)}`,
        );
      }
      assert.equal(
        E.isRight(result),
        attempt.shouldSucceed,
        `${attempt.stream}: expected ${attempt.shouldSucceed ? 'success' : 'failure'}`,
      );
    });

    const log = new Map((await readWholeLog(store)).map((e) => [where(e), e]));
    for (const event of acknowledged) {
      const stored = log.get(where(event));
      assert.ok(stored !== undefined, `acknowledged event ${where(event)} is missing from readAll`);
      assert.deepEqual(stored.data, event.data, `acknowledged event ${where(event)} changed`);
      const read = await expectRight(store.readStream(event.streamName), 'read');
      const inStream = read.events[Number(event.streamPosition) - 1];
      assert.ok(
        inStream !== undefined && where(inStream) === where(event),
        `${where(event)} is missing from its stream`,
      );
    }
    assert.equal(
      log.size,
      40 + acknowledged.length,
      'readAll holds the seeds and every acknowledged event, nothing else',
    );
  });
