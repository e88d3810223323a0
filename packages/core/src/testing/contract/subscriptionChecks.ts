import assert from 'node:assert/strict';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import type { EventStore } from '../../eventStore/port.js';
import {
  type ContractCheck,
  expectRight,
  range,
  sleep,
  testEvent,
  waitFor,
  withStore,
} from './support.js';

const labelOf = (event: RecordedEvent): string => (event.data as { label: string }).label;

const appendLabels = async (
  store: EventStore,
  stream: string,
  labels: readonly string[],
): Promise<void> => {
  await expectRight(
    store.appendToStream(
      stream,
      labels.map((label) => testEvent('Labelled', { label })),
    ),
    `append ${labels.join(', ')}`,
  );
};

/** Lets a subscription that wrongly keeps going deliver, so the check can see it. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await sleep(50);
};

const catchUpThenLive: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await appendLabels(store, 'patient-a', ['a1', 'a2']);
    await appendLabels(store, 'patient-b', ['b1']);
    const second = (await expectRight(store.readAll(), 'readAll')).events[1] as RecordedEvent;
    const received: string[] = [];
    const everything: string[] = [];
    const fromSecond = store.subscribe({
      fromPosition: second.globalPosition,
      batchSize: 2,
      handler: (e) => void received.push(labelOf(e)),
    });
    const fromStart = store.subscribe({
      fromPosition: 0n,
      handler: (e) => void everything.push(labelOf(e)),
    });
    try {
      await waitFor('the catch-up', () => received.length >= 2 && everything.length >= 3);
      await appendLabels(store, 'patient-b', ['b2', 'b3']);
      await appendLabels(store, 'patient-a', ['a3']);
      await waitFor('the live events', () => received.length >= 5 && everything.length >= 6);
      await settle();
      assert.deepEqual(
        received,
        ['a2', 'b1', 'b2', 'b3', 'a3'],
        'catch-up from the position, then later events in order',
      );
      assert.deepEqual(
        everything,
        ['a1', 'a2', 'b1', 'b2', 'b3', 'a3'],
        'from 0n: every event once, in order',
      );
    } finally {
      await fromSecond.stop();
      await fromStart.stop();
    }
  });

const endOnlyLater: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    await appendLabels(store, 'patient-a', ['old1', 'old2']);
    const received: string[] = [];
    const subscription = store.subscribe({
      fromPosition: 'end',
      handler: (e) => void received.push(labelOf(e)),
    });
    try {
      // A store may look up its head just after subscribe() returns, so keep appending until one
      // arrives; whatever arrives must then be a gap-free run of the later events, never an old one.
      const later: string[] = [];
      for (let n = 0; received.length === 0; n++) {
        assert.ok(n < 200, 'subscribe from end delivered none of 200 later events');
        later.push(`new${n}`);
        await appendLabels(store, 'patient-a', [`new${n}`]);
        await sleep(n === 0 ? 0 : 20);
      }
      later.push('final');
      await appendLabels(store, 'patient-b', ['final']);
      await waitFor('the final event', () => received.includes('final'));
      await settle();
      assert.ok(
        !received.includes('old1') && !received.includes('old2'),
        `old events delivered: ${received.join(', ')}`,
      );
      assert.deepEqual(
        received,
        later.slice(later.length - received.length),
        'later events, in order, without gaps',
      );
    } finally {
      await subscription.stop();
    }
  });

const stopsCleanly: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const received: string[] = [];
    const subscription = store.subscribe({
      fromPosition: 0n,
      handler: async (event) => {
        received.push(labelOf(event));
        if (received.length === 1) await gate;
      },
    });
    try {
      await appendLabels(store, 'patient-a', ['e1', 'e2', 'e3']);
      await waitFor('the first event', () => received.length === 1);
      let stopped = false;
      const stopping = subscription.stop().then(() => (stopped = true));
      await settle();
      assert.equal(stopped, false, 'stop() resolved while the handler was still running');
      release();
      await stopping;
      const atStop = received.length;
      assert.equal(atStop, 1, 'no event started after stop() was called');
      await appendLabels(
        store,
        'patient-a',
        range(3).map((n) => `after${n}`),
      );
      await settle();
      assert.equal(
        received.length,
        atStop,
        `delivered after stop resolved: ${received.slice(atStop).join(', ')}`,
      );
    } finally {
      // A failed assertion must not leave the handler parked, or teardown would wait forever.
      release();
      await subscription.stop();
    }
  });

const handlerErrorStops: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const failure = new Error('handler broke');
    const received: string[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribe({
      fromPosition: 0n,
      handler: (event) => {
        received.push(labelOf(event));
        if (received.length === 2) throw failure;
      },
      onError: (error) => void errors.push(error),
    });
    try {
      await appendLabels(store, 'patient-a', ['e1', 'e2', 'e3']);
      await waitFor('onError', () => errors.length > 0);
      await appendLabels(store, 'patient-a', ['e4']);
      await settle();
      assert.deepEqual(errors, [failure], 'onError gets the handler error, once');
      assert.deepEqual(received, ['e1', 'e2'], 'nothing is delivered after the handler failed');
    } finally {
      await subscription.stop();
    }
  });

export const subscriptionChecks = {
  'subscribe from a position delivers the catch-up, then later events, in order': catchUpThenLive,
  'subscribe from end delivers only events appended later': endOnlyLater,
  'stop() waits for the running handler, and nothing is delivered after it resolves': stopsCleanly,
  'subscribe reports a handler error through onError and stops': handlerErrorStops,
} satisfies Record<string, ContractCheck>;
