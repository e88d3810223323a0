import * as E from 'fp-ts/lib/Either.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import type { EventStore, ReadAllOptions } from '../eventStore/port.js';
import { testEvent } from '../testing/contract/support.js';
import { catchingUp } from './runner.js';
import type { Projection } from './projection.js';

/** Counts every patient registration it folds, in order. */
const registrations: Projection<string[]> = {
  name: 'registrations',
  initialState: () => [],
  evolve: (state, event) => {
    if (event.type === 'PatientRegistered') state.push(event.data.patientId);
    return state;
  },
};

const registered = (patientId: string) =>
  testEvent('PatientRegistered', {
    patientId,
    nhsNumber: '9434765919',
    name: 'Alice Smith',
    dateOfBirth: '1980-02-03',
    homeArea: 'leicestershire',
    practiceId: 'org-practice',
  });

/** The store, with a log of the positions each `readAll` asked for. */
const watched = (store: EventStore, reads: (bigint | undefined)[]): EventStore => ({
  ...store,
  readAll: (options?: ReadAllOptions) => {
    reads.push(options?.fromPosition);
    return store.readAll(options);
  },
});

describe('catchingUp', () => {
  it('folds every batch once, in order, reading each batch only once', async () => {
    const store = inMemoryEventStore();
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5'])
      await store.appendToStream(`patient-${id}`, [registered(id)])();
    const reads: (bigint | undefined)[] = [];
    const model = catchingUp(watched(store, reads), registrations, 2);

    expect(await model.current()()).toEqual(E.right(['p1', 'p2', 'p3', 'p4', 'p5']));
    expect(reads).toEqual([0n, 3n, 5n]);

    await store.appendToStream('patient-p6', [registered('p6')])();
    expect(await model.current()()).toEqual(E.right(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']));
    expect(model.position()).toBe(7n);
  });

  it('skips events that do not decode, and stops at a failed read with what it had', async () => {
    const store = inMemoryEventStore();
    await store.appendToStream('patient-p1', [registered('p1')])();
    await store.appendToStream('patient-bad', [testEvent('PatientRegistered', { patientId: 7 })])();
    await store.appendToStream('patient-p2', [registered('p2')])();
    let calls = 0;
    const failing: EventStore = {
      ...store,
      readAll: (options?: ReadAllOptions) => {
        calls += 1;
        return calls === 3
          ? () =>
              Promise.resolve(
                E.left({
                  _tag: 'StoreUnavailable',
                  code: 'CONSENTRY_STORE_UNAVAILABLE',
                  message: 'down',
                }),
              )
          : store.readAll(options);
      },
    };
    const model = catchingUp(failing, registrations, 1);
    const result = await model.current()();
    expect(E.isLeft(result) && result.left.message).toBe('down');
    expect(model.position()).toBe(3n);
    expect(await model.current()()).toEqual(E.right(['p1', 'p2']));
  });
});
