import assert from 'node:assert/strict';
import { isVersionConflict, type StoreError } from '../../eventStore/errors.js';
import type { EventStore, ExpectedVersion } from '../../eventStore/port.js';
import {
  type ContractCheck,
  expectLeft,
  expectRight,
  readWholeLog,
  testEvent,
  where,
  withStore,
} from './support.js';

const seed = async (store: EventStore, stream: string, count: number): Promise<void> => {
  const events = Array.from({ length: count }, (_, n) => testEvent('Seeded', { n }));
  await expectRight(
    store.appendToStream(stream, events, { expectedVersion: 'no-stream' }),
    `seed ${stream}`,
  );
};

/** Asserts the append is refused with the one conflict error, carrying the real version. */
const expectConflict = async (
  store: EventStore,
  stream: string,
  expectedVersion: ExpectedVersion,
  actual: bigint,
): Promise<void> => {
  const what = `append to ${stream} expecting ${String(expectedVersion)}`;
  const error: StoreError = await expectLeft(
    store.appendToStream(stream, [testEvent('Refused', {}), testEvent('Refused', {})], {
      expectedVersion,
    }),
    what,
  );
  assert.ok(
    isVersionConflict(error),
    `${what}: expected a VersionConflict, got ${error._tag}: ${error.message}`,
  );
  assert.equal(error._tag, 'VersionConflict');
  assert.equal(error.streamName, stream, `${what}: the conflict names the stream`);
  assert.equal(
    error.expected,
    expectedVersion,
    `${what}: the conflict echoes the expected version`,
  );
  assert.equal(error.actual, actual, `${what}: the conflict carries the real current version`);
};

const rejectsWrongNumber: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await seed(store, 'patient-v', 2);
    for (const wrong of [1n, 3n, 5n]) await expectConflict(store, 'patient-v', wrong, 2n);
    await expectConflict(store, 'patient-nowhere', 3n, 0n);
  });

const rejectsNoStreamOnExisting: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await seed(store, 'patient-v', 1);
    await expectConflict(store, 'patient-v', 'no-stream', 1n);
  });

const rejectsStreamExistsOnMissing: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await expectConflict(store, 'patient-v', 'stream-exists', 0n);
    const read = await expectRight(store.readStream('patient-v'), 'read');
    assert.equal(read.streamExists, false, 'the refused append did not create the stream');
  });

const rejectsZeroOnExisting: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await seed(store, 'patient-v', 3);
    await expectConflict(store, 'patient-v', 0n, 3n);
  });

const acceptsMatching: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const cases: readonly [string, ExpectedVersion | undefined, bigint][] = [
      ['patient-any', 'any', 1n],
      ['patient-any', 'any', 2n],
      ['patient-default', undefined, 1n],
      ['patient-default', undefined, 2n],
      ['patient-new', 'no-stream', 1n],
      ['patient-new', 'stream-exists', 2n],
      ['patient-zero', 0n, 1n],
      ['patient-zero', 1n, 2n],
    ];
    for (const [stream, expectedVersion, next] of cases) {
      const options = expectedVersion === undefined ? {} : { expectedVersion };
      const result = await expectRight(
        store.appendToStream(stream, [testEvent('Accepted', {})], options),
        `append to ${stream} expecting ${String(expectedVersion ?? 'nothing (any)')}`,
      );
      assert.equal(result.nextExpectedVersion, next, `${stream}: version after the append`);
    }
  });

const unchangedAfterConflict: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const stream = 'patient-v';
    await seed(store, stream, 2);
    const before = await expectRight(store.readStream(stream), 'read before');
    const logBefore = await readWholeLog(store);
    for (const wrong of [5n, 1n, 0n, 'no-stream'] as const)
      await expectConflict(store, stream, wrong, 2n);

    const after = await expectRight(store.readStream(stream), 'read after the conflicts');
    assert.equal(after.currentVersion, 2n, 'a refused append must not bump the version');
    assert.deepEqual(
      after.events.map(where),
      before.events.map(where),
      'the stream reads back unchanged',
    );
    assert.deepEqual(
      after.events.map((e) => e.hash),
      before.events.map((e) => e.hash),
    );
    assert.deepEqual(
      (await readWholeLog(store)).map(where),
      logBefore.map(where),
      'the log is unchanged',
    );

    const right = await expectRight(
      store.appendToStream(stream, [testEvent('Accepted', {})], { expectedVersion: 2n }),
      'the right expected version after a conflict',
    );
    assert.equal(right.nextExpectedVersion, 3n);
    await expectRight(
      store.appendToStream(stream, [testEvent('Accepted', {})], { expectedVersion: 3n }),
      'the next one after it',
    );
    const final = await expectRight(store.readStream(stream), 'read at the end');
    assert.deepEqual(
      final.events.map((e) => e.streamPosition),
      [1n, 2n, 3n, 4n],
      'no gaps in stream positions',
    );
  });

export const versionChecks = {
  'rejects a wrong expected version with a conflict carrying the real current version':
    rejectsWrongNumber,
  'rejects no-stream on an existing stream': rejectsNoStreamOnExisting,
  'rejects stream-exists on a missing stream and does not create it': rejectsStreamExistsOnMissing,
  'rejects 0n on an existing stream': rejectsZeroOnExisting,
  'accepts any, no-stream, stream-exists and the exact version where they hold': acceptsMatching,
  'leaves the stream unchanged after a conflict, so the right version then succeeds without gaps':
    unchangedAfterConflict,
} satisfies Record<string, ContractCheck>;
