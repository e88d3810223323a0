import assert from 'node:assert/strict';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import {
  type ContractCheck,
  expectRight,
  range,
  readWholeLog,
  testEvent,
  withStore,
} from './support.js';

const nOf = (event: RecordedEvent): number => (event.data as { n: number }).n;

const longStream: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const stream = 'patient-long';
    // Reads are what is tested here, so the events go in as ten appends of 1,000.
    let version = 0n;
    for (const chunk of range(10)) {
      const events = range(1000).map((i) => testEvent('Counted', { n: chunk * 1000 + i }));
      version = (
        await expectRight(
          store.appendToStream(stream, events, { expectedVersion: version }),
          `chunk ${chunk}`,
        )
      ).nextExpectedVersion;
    }
    assert.equal(version, 10_000n);
    const read = await expectRight(store.readStream(stream), 'read 10,000 events');
    assert.equal(read.currentVersion, 10_000n);
    assert.equal(read.events.length, 10_000);
    read.events.forEach((event, i) => {
      if (event.streamPosition !== BigInt(i + 1) || nOf(event) !== i) {
        assert.fail(
          `event ${i} is ${event.streamPosition.toString()}/${nOf(event)}: out of order or missing`,
        );
      }
    });
    const tail = await expectRight(
      store.readStream(stream, { fromVersion: 9_999n }),
      'read the tail',
    );
    assert.deepEqual(tail.events.map(nOf), [9_998, 9_999]);
    const sum = await expectRight(
      store.aggregateStream(stream, {
        initialState: () => 0,
        evolve: (total, event) => total + nOf(event),
      }),
      'aggregate 10,000 events',
    );
    assert.deepEqual([sum.state, sum.currentVersion], [(9_999 * 10_000) / 2, 10_000n]);
  });

const manyStreams: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const count = 10_000;
    // One-event appends, a hundred at a time, so stores that pipeline can.
    for (let start = 0; start < count; start += 100) {
      await Promise.all(
        range(100).map((i) =>
          expectRight(
            store.appendToStream(
              `patient-${start + i}`,
              [testEvent('Registered', { n: start + i })],
              {
                expectedVersion: 'no-stream',
              },
            ),
            `create stream ${start + i}`,
          ),
        ),
      );
    }
    const log = await readWholeLog(store);
    assert.equal(log.length, count, 'readAll sees every stream once');
    assert.equal(new Set(log.map((e) => e.streamName)).size, count);
    for (let start = 0; start < count; start += 100) {
      const reads = await Promise.all(
        range(100).map((i) =>
          expectRight(store.readStream(`patient-${start + i}`), `read stream ${start + i}`),
        ),
      );
      reads.forEach((read, i) => {
        if (
          read.currentVersion !== 1n ||
          read.events[0] === undefined ||
          nOf(read.events[0]) !== start + i
        ) {
          assert.fail(`stream patient-${start + i} does not hold its one event`);
        }
      });
    }
  });

export const scaleChecks = {
  'holds a stream of 10,000 events': longStream,
  'holds 10,000 streams': manyStreams,
} satisfies Record<string, ContractCheck>;
