import assert from 'node:assert/strict';
import { isInvalidAppend } from '../../eventStore/errors.js';
import {
  type ContractCheck,
  assertStrictlyIncreasing,
  expectLeft,
  expectRight,
  readWholeLog,
  testEvent,
  withStore,
} from './support.js';

const appendsAndReadsBack: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const stream = 'patient-append';
    const first = await expectRight(
      store.appendToStream(
        stream,
        [testEvent('Registered', { n: 1 }), testEvent('Consented', { n: 2 })],
        {
          expectedVersion: 'no-stream',
        },
      ),
      'first append',
    );
    assert.equal(first.nextExpectedVersion, 2n, 'nextExpectedVersion after two events');
    assert.equal(first.createdNewStream, true, 'createdNewStream on a new stream');
    assert.deepEqual(
      first.events.map((e) => e.streamPosition),
      [1n, 2n],
      'stream positions of the first append',
    );
    assert.equal(
      first.lastGlobalPosition,
      first.events[1]?.globalPosition,
      'lastGlobalPosition is the last event',
    );

    const second = await expectRight(
      store.appendToStream(stream, [testEvent('Withdrawn', { n: 3 })], { expectedVersion: 2n }),
      'second append',
    );
    assert.equal(second.nextExpectedVersion, 3n);
    assert.equal(second.createdNewStream, false, 'createdNewStream on an existing stream');
    assert.equal(second.events[0]?.streamPosition, 3n);

    const read = await expectRight(store.readStream(stream), 'readStream');
    assert.equal(read.streamExists, true);
    assert.equal(read.currentVersion, 3n);
    assert.deepEqual(
      read.events.map((e) => e.type),
      ['Registered', 'Consented', 'Withdrawn'],
      'order of events',
    );
    assert.deepEqual(
      read.events.map((e) => e.streamPosition),
      [1n, 2n, 3n],
      'dense stream positions',
    );
    assert.ok(
      read.events.every((e) => e.streamName === stream),
      'every event names its stream',
    );
    const appended = [...first.events, ...second.events];
    assert.deepEqual(
      read.events.map((e) => e.globalPosition),
      appended.map((e) => e.globalPosition),
    );
    assert.deepEqual(
      read.events.map((e) => e.hash),
      appended.map((e) => e.hash),
      'hashes as appended',
    );
    assertStrictlyIncreasing(
      read.events.map((e) => e.globalPosition),
      'global positions',
    );
  });

const readsPartOfStream: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const stream = 'patient-part';
    const events = [1, 2, 3, 4, 5].map((n) => testEvent('Counted', { n }));
    await expectRight(store.appendToStream(stream, events), 'append');
    const middle = await expectRight(
      store.readStream(stream, { fromVersion: 2n, maxCount: 2 }),
      'read 2..3',
    );
    assert.deepEqual(
      middle.events.map((e) => e.streamPosition),
      [2n, 3n],
      'fromVersion is inclusive, maxCount bounds',
    );
    assert.equal(middle.currentVersion, 5n, 'currentVersion is the whole stream, not the slice');
    const last = await expectRight(store.readStream(stream, { fromVersion: 5n }), 'read from 5');
    assert.deepEqual(
      last.events.map((e) => e.data),
      [{ n: 5 }],
    );
    const past = await expectRight(
      store.readStream(stream, { fromVersion: 6n }),
      'read past the end',
    );
    assert.deepEqual([past.streamExists, past.currentVersion, past.events.length], [true, 5n, 0]);
  });

const readsMissingStream: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await expectRight(
      store.appendToStream('patient-other', [testEvent('Registered', {})]),
      'append elsewhere',
    );
    const read = await expectRight(
      store.readStream('patient-missing'),
      'readStream of a missing stream',
    );
    assert.deepEqual(
      {
        streamExists: read.streamExists,
        currentVersion: read.currentVersion,
        events: read.events.length,
      },
      { streamExists: false, currentVersion: 0n, events: 0 },
    );
  });

const rejectsEmptyAppend: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const missing = await expectLeft(
      store.appendToStream('patient-empty', []),
      'empty append to a new stream',
    );
    assert.ok(isInvalidAppend(missing), `expected InvalidAppend, got ${missing._tag}`);
    await expectRight(
      store.appendToStream('patient-full', [testEvent('Registered', {})]),
      'append',
    );
    const existing = await expectLeft(
      store.appendToStream('patient-full', [], { expectedVersion: 1n }),
      'empty append to an existing stream',
    );
    assert.ok(isInvalidAppend(existing), `expected InvalidAppend, got ${existing._tag}`);
    assert.equal(
      (await expectRight(store.readStream('patient-empty'), 'read')).streamExists,
      false,
    );
    assert.equal((await expectRight(store.readStream('patient-full'), 'read')).currentVersion, 1n);
    assert.equal((await readWholeLog(store)).length, 1, 'nothing else in the log');
  });

const notJson: readonly [string, unknown][] = [
  ['a bigint', { amount: 10n }],
  ['NaN', { score: Number.NaN }],
  ['Infinity', { score: Number.POSITIVE_INFINITY }],
  ['a function', { callback: () => undefined }],
  ['a Date object (dates go in as ISO strings)', { at: new Date('2026-03-03T10:00:00Z') }],
];

const rejectsNonJson: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    for (const [what, data] of notJson) {
      const error = await expectLeft(
        store.appendToStream('patient-json', [
          testEvent('Fine', { ok: true }),
          testEvent('Broken', data),
        ]),
        `append with ${what}`,
      );
      assert.ok(isInvalidAppend(error), `${what}: expected InvalidAppend, got ${error._tag}`);
    }
    const read = await expectRight(store.readStream('patient-json'), 'read');
    assert.equal(read.streamExists, false, 'no event of a rejected append was written');
  });

export const appendChecks = {
  'appends events and reads them back in order with their positions': appendsAndReadsBack,
  'reads part of a stream from a version with a maximum count': readsPartOfStream,
  'reads a missing stream as not existing, at version 0n, with no events': readsMissingStream,
  'rejects an empty append with InvalidAppend and writes nothing': rejectsEmptyAppend,
  'rejects data that is not plain JSON with InvalidAppend and writes none of the append':
    rejectsNonJson,
} satisfies Record<string, ContractCheck>;
