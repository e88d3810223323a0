import assert from 'node:assert/strict';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import { GENESIS_HASH, chainHash } from '../../eventStore/hashChain.js';
import {
  type ContractCheck,
  content,
  expectRight,
  readWholeLog,
  testEvent,
  testMetadata,
  withStore,
} from './support.js';

const roundTripped = [
  testEvent('Unicode', {
    emoji: 'Consent given 👩🏽‍⚕️🏥✅ — thank you',
    rtl: 'مرحبا بالعالم · שלום עולם',
    mixed: 'Zoë Ñúñez, 王小明, Ελένη, Đorđe, e\u0301 (combining)',
    escapes: 'quotes " and \' backslash \\ tab \t newline \n',
  }),
  testEvent('Nested', {
    organisation: {
      id: 'ODS-A81001',
      sites: [
        { name: 'Main', codes: ['X1', 'X2'] },
        { name: 'Branch', codes: [] },
      ],
    },
    matrix: [
      [1, 2],
      [3, [4, [5]]],
    ],
    empty: { object: {}, array: [], string: '' },
    numbers: [0, 1, -1, 3.25, 1e21, Number.MAX_SAFE_INTEGER],
    flags: [true, false, null],
  }),
  testEvent(
    'Dated',
    { at: '2026-03-03T10:15:00.000Z', day: '2026-03-03', withOffset: '2026-03-03T11:15:00+01:00' },
    { causationId: 'cause-1', reason: 'Patient asked at reception' },
  ),
  {
    type: 'Sparse',
    data: null,
    metadata: testMetadata({
      actor: { kind: 'organisation-staff', id: 's1', organisationId: 'ODS-B1' },
    }),
  },
];

const roundTrips: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const appended = await expectRight(store.appendToStream('patient-rt', roundTripped), 'append');
    const read = await expectRight(store.readStream('patient-rt'), 'read');
    const log = await readWholeLog(store);
    for (const [what, events] of [
      ['append result', appended.events],
      ['readStream', read.events],
      ['readAll', log],
    ] as const) {
      assert.deepEqual(
        events.map(content),
        roundTripped.map(content),
        `${what} returns the events unchanged`,
      );
    }
  });

const isolatesStoredEvents: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const data = { patient: { name: 'Ada' }, visits: ['2026-01-01'] };
    const event = testEvent('Mutable', data);
    const original = JSON.parse(JSON.stringify(content(event))) as unknown;
    await expectRight(store.appendToStream('patient-m', [event]), 'append');
    data.patient.name = 'changed by the caller';
    data.visits.push('2026-12-31');
    const first = await expectRight(store.readStream('patient-m'), 'read');
    try {
      (first.events[0]?.data as typeof data).patient.name = 'changed by a reader';
    } catch {
      // A store may hand out frozen events; refusing the change is fine too.
    }
    const again = await expectRight(store.readStream('patient-m'), 'read again');
    assert.deepEqual(
      again.events.map(content),
      [original],
      'stored events cannot be changed through objects',
    );
  });

const verifyChain = (events: readonly RecordedEvent[], stream: string): void => {
  let previous = GENESIS_HASH;
  for (const event of events) {
    assert.match(
      event.hash,
      /^[0-9a-f]{64}$/,
      `${stream}@${event.streamPosition.toString()}: not a SHA-256 hex hash`,
    );
    assert.equal(
      event.hash,
      chainHash(previous, event),
      `${stream}@${event.streamPosition.toString()}: broken chain`,
    );
    previous = event.hash;
  }
};

const chainsHashes: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const appendedHashes: string[] = [];
    for (const round of [0, 1, 2, 3]) {
      for (const stream of ['patient-h1', 'patient-h2']) {
        const events = [
          testEvent('Chained', { round, stream }),
          testEvent('Chained', { round, second: true }),
        ];
        appendedHashes.push(
          ...(await expectRight(store.appendToStream(stream, events), 'append')).events.map(
            (e) => e.hash,
          ),
        );
      }
    }
    for (const stream of ['patient-h1', 'patient-h2']) {
      verifyChain((await expectRight(store.readStream(stream), 'read')).events, stream);
    }
    const log = await readWholeLog(store);
    assert.deepEqual(
      log.map((e) => e.hash),
      appendedHashes,
      'append results and readAll carry the same hashes',
    );
    assert.equal(
      new Set(appendedHashes).size,
      appendedHashes.length,
      'every event has its own hash',
    );
  });

const aggregates: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await expectRight(
      store.appendToStream(
        'patient-agg',
        [1, 2, 3].map((n) => testEvent('Added', { n })),
      ),
      'append',
    );
    await expectRight(
      store.appendToStream('patient-agg', [testEvent('Added', { n: 4 })], { expectedVersion: 3n }),
      'append',
    );
    const options = {
      initialState: (): readonly number[] => [],
      evolve: (state: readonly number[], event: RecordedEvent) => [
        ...state,
        (event.data as { n: number }).n,
      ],
    };
    const folded = await expectRight(store.aggregateStream('patient-agg', options), 'aggregate');
    assert.deepEqual(folded, { state: [1, 2, 3, 4], currentVersion: 4n, streamExists: true });
    const missing = await expectRight(
      store.aggregateStream('patient-none', options),
      'aggregate a missing stream',
    );
    assert.deepEqual(missing, { state: [], currentVersion: 0n, streamExists: false });
  });

export const integrityChecks = {
  'round-trips unicode, nested data, ISO date strings and optional metadata unchanged': roundTrips,
  'keeps stored events unchanged when the caller mutates what it appended or read':
    isolatesStoredEvents,
  'chains every event hash to the previous event of its stream': chainsHashes,
  'aggregateStream folds the events in order and reports the version': aggregates,
} satisfies Record<string, ContractCheck>;
