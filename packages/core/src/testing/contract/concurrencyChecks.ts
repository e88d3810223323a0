import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import { isVersionConflict } from '../../eventStore/errors.js';
import { acknowledgedAppendsSurvive } from './acknowledgedAppends.js';
import {
  type ContractCheck,
  expectRight,
  range,
  readWholeLog,
  testEvent,
  withStore,
} from './support.js';

const dataOf = (event: RecordedEvent): { racer?: number; part?: number } =>
  event.data as { racer?: number; part?: number };

const fiftyRacers: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const stream = 'patient-race';
    await expectRight(store.appendToStream(stream, [testEvent('Seeded', {})]), 'seed');
    // Start every append before awaiting any, so they really race.
    const results = await Promise.all(
      range(50).map((racer) =>
        store.appendToStream(
          stream,
          [testEvent('Raced', { racer, part: 1 }), testEvent('Raced', { racer, part: 2 })],
          {
            expectedVersion: 1n,
          },
        )(),
      ),
    );
    const winners = results.filter(E.isRight);
    assert.equal(winners.length, 1, `exactly one racing append wins, ${winners.length} did`);
    for (const result of results.filter(E.isLeft)) {
      assert.ok(
        isVersionConflict(result.left),
        `a loser got ${result.left._tag}: ${result.left.message}`,
      );
      assert.equal(result.left.actual, 3n, 'a loser sees the version the winner left');
    }
    const winner = dataOf(winners[0]?.right.events[0] as RecordedEvent).racer;
    const read = await expectRight(store.readStream(stream), 'read');
    assert.equal(read.currentVersion, 3n);
    assert.deepEqual(
      read.events.slice(1).map((e) => [dataOf(e).racer, dataOf(e).part]),
      [
        [winner, 1],
        [winner, 2],
      ],
      'the stream holds the winner whole and nothing of the losers',
    );
    assert.equal((await readWholeLog(store)).length, 3, 'the log holds nothing of the losers');
  });

const multiEventAtomic: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const batch = (racer: number) => range(5).map((part) => testEvent('Batched', { racer, part }));
    const anyResults = await Promise.all(
      range(20).map((racer) => store.appendToStream('patient-any', batch(racer))()),
    );
    const read = await expectRight(store.readStream('patient-any'), 'read');
    assert.equal(read.currentVersion, 100n, 'every racing append with any landed');
    assert.deepEqual(
      read.events.map((e) => e.streamPosition),
      range(100).map((i) => BigInt(i + 1)),
    );
    for (let start = 0; start < 100; start += 5) {
      const slice = read.events.slice(start, start + 5).map(dataOf);
      const racer = slice[0]?.racer;
      assert.deepEqual(
        slice,
        range(5).map((part) => ({ racer, part })),
        `appends interleaved at position ${start + 1}`,
      );
    }
    for (const result of anyResults) {
      assert.ok(E.isRight(result), 'an append with any failed');
      const last = result.right.events[4] as RecordedEvent;
      assert.equal(
        result.right.nextExpectedVersion,
        last.streamPosition,
        'nextExpectedVersion is the last position',
      );
    }

    const created = await Promise.all(
      range(20).map((racer) =>
        store.appendToStream('patient-new', batch(racer), { expectedVersion: 'no-stream' })(),
      ),
    );
    assert.equal(
      created.filter(E.isRight).length,
      1,
      'exactly one no-stream append creates the stream',
    );
    const fresh = await expectRight(store.readStream('patient-new'), 'read');
    const racers = new Set(fresh.events.map((e) => dataOf(e).racer));
    assert.deepEqual(
      [fresh.events.length, racers.size],
      [5, 1],
      'the stream holds one whole batch',
    );
  });

export const concurrencyChecks = {
  'lets exactly one of 50 racing appends with the same expected version win, writing nothing of the rest':
    fiftyRacers,
  'writes a multi-event append whole or not at all while other appends race it': multiEventAtomic,
  'keeps every acknowledged append while concurrent appends through the same store fail':
    acknowledgedAppendsSurvive,
} satisfies Record<string, ContractCheck>;
