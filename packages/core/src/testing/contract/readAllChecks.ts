import assert from 'node:assert/strict';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import {
  type ContractCheck,
  assertStrictlyIncreasing,
  expectRight,
  range,
  readWholeLog,
  testEvent,
  where,
  withStore,
} from './support.js';

const everyEventOnceInOrder: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const appended: RecordedEvent[] = [];
    for (const round of range(15)) {
      const stream = `patient-${round % 3}`;
      const events = range(1 + (round % 3)).map((n) => testEvent('Logged', { round, n }));
      appended.push(
        ...(await expectRight(store.appendToStream(stream, events), `append ${round}`)).events,
      );
    }
    assertStrictlyIncreasing(
      appended.map((e) => e.globalPosition),
      'global positions in commit order',
    );
    const log = await readWholeLog(store, 7);
    assert.deepEqual(
      log.map(where),
      appended.map(where),
      'readAll gives every event once, in commit order',
    );
    assert.equal(
      new Set(log.map((e) => e.metadata.eventId)).size,
      appended.length,
      'no event twice',
    );
    assert.deepEqual(
      log.map((e) => e.data),
      appended.map((e) => e.data),
    );
  });

const resumesAndBatches: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    for (const n of range(10)) {
      await expectRight(
        store.appendToStream(`patient-${n % 2}`, [testEvent('Logged', { n })]),
        `append ${n}`,
      );
    }
    const numbers = (events: readonly RecordedEvent[]) =>
      events.map((e) => (e.data as { n: number }).n);

    const whole = await expectRight(store.readAll(), 'readAll with defaults');
    assert.deepEqual(
      [numbers(whole.events), whole.isEnd],
      [range(10), true],
      'the default reads from the beginning',
    );

    const first = await expectRight(store.readAll({ fromPosition: 0n, batchSize: 4 }), 'batch 1');
    assert.deepEqual(
      [numbers(first.events), first.isEnd],
      [[0, 1, 2, 3], false],
      'batch 1 and isEnd',
    );
    const second = await expectRight(
      store.readAll({ fromPosition: first.nextPosition, batchSize: 4 }),
      'batch 2',
    );
    assert.deepEqual(
      [numbers(second.events), second.isEnd],
      [[4, 5, 6, 7], false],
      'batch 2 resumes after batch 1',
    );
    const third = await expectRight(
      store.readAll({ fromPosition: second.nextPosition, batchSize: 4 }),
      'batch 3',
    );
    assert.deepEqual(
      [numbers(third.events), third.isEnd],
      [[8, 9], true],
      'the last batch reports isEnd',
    );

    const aligned = await expectRight(
      store.readAll({ fromPosition: 0n, batchSize: 10 }),
      'a batch ending at the head',
    );
    assert.equal(
      aligned.isEnd,
      true,
      'isEnd when nothing lies after the batch, even if the batch is full',
    );

    const sixth = whole.events[5] as RecordedEvent;
    const from = await expectRight(
      store.readAll({ fromPosition: sixth.globalPosition, batchSize: 2 }),
      'from 6th',
    );
    assert.deepEqual(numbers(from.events), [5, 6], 'fromPosition is inclusive');

    const after = await expectRight(
      store.readAll({ fromPosition: third.nextPosition }),
      'past the end',
    );
    assert.deepEqual([after.events.length, after.isEnd], [0, true], 'nothing past the end');
    assert.ok(after.nextPosition >= third.nextPosition, 'nextPosition never moves back');
    await expectRight(
      store.appendToStream('patient-late', [testEvent('Logged', { n: 10 })]),
      'late append',
    );
    const late = await expectRight(
      store.readAll({ fromPosition: after.nextPosition }),
      'resume after the end',
    );
    assert.deepEqual(
      [numbers(late.events), late.isEnd],
      [[10], true],
      'resuming at the end finds later events',
    );
  });

export const readAllChecks = {
  'readAll returns every event exactly once, in global commit order across streams':
    everyEventOnceInOrder,
  'readAll resumes from a position, respects batchSize and reports isEnd': resumesAndBatches,
} satisfies Record<string, ContractCheck>;
