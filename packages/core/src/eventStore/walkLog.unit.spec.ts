import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from './envelope.js';
import { storeFailure, type StoreError } from './errors.js';
import type { ReadAllBatch, ReadAllOptions } from './port.js';
import { forEachEvent, walkLog } from './walkLog.js';

// The one loop over the log (docs/architecture.md, "Core's layers"): a scripted readAll shows
// its rules — batches in order, read-ahead, and a log held back by a write in progress.

const event = (position: number): RecordedEvent =>
  ({ globalPosition: BigInt(position), streamName: 's-1', type: 'T' }) as unknown as RecordedEvent;

/** Answers readAll from `batches` by fromPosition; records every call in `asked`. */
const scripted = (batches: Record<string, ReadAllBatch>) => {
  const asked: bigint[] = [];
  return {
    asked,
    readAll: (options?: ReadAllOptions): TE.TaskEither<StoreError, ReadAllBatch> => {
      const from = options?.fromPosition ?? 0n;
      asked.push(from);
      const batch = batches[from.toString()];
      const answer: E.Either<StoreError, ReadAllBatch> =
        batch === undefined
          ? E.right({ events: [], nextPosition: from, isEnd: true })
          : E.right(batch);
      return () => Promise.resolve(answer);
    },
  };
};

const twoBatches = {
  '0': { events: [event(0), event(1)], nextPosition: 2n, isEnd: false },
  '2': { events: [event(2)], nextPosition: 3n, isEnd: true },
};

describe('walkLog', () => {
  it('visits every batch in order and returns the position after the last event', async () => {
    const store = scripted(twoBatches);
    const seen: bigint[] = [];
    const walked = await walkLog(store, { from: 0n }, (events) => {
      for (const e of events) seen.push(e.globalPosition);
    })();
    expect(walked).toEqual(E.right(3n));
    expect(seen).toEqual([0n, 1n, 2n]);
  });

  it('asks for the next batch before visiting this one (read-ahead), and after it without', async () => {
    const order: string[] = [];
    const store = scripted(twoBatches);
    const logged = {
      readAll: (options?: ReadAllOptions) => {
        order.push(`read ${String(options?.fromPosition)}`);
        return store.readAll(options);
      },
    };
    const visit = (events: readonly RecordedEvent[]) => {
      order.push(`visit ${String(events[0]?.globalPosition)}`);
    };
    await walkLog(logged, { from: 0n }, visit)();
    expect(order).toEqual(['read 0', 'read 2', 'visit 0', 'visit 2']);
    order.length = 0;
    await walkLog(logged, { from: 0n, readAhead: false }, visit)();
    expect(order).toEqual(['read 0', 'visit 0', 'read 2', 'visit 2']);
  });

  it('fails with Behind when the log is held back by a write in progress, never as if at the end', async () => {
    const store = scripted({
      '0': { events: [event(0)], nextPosition: 1n, isEnd: false },
      '1': { events: [], nextPosition: 1n, isEnd: false },
    });
    const walked = await walkLog(store, { from: 0n }, () => undefined)();
    expect(E.isLeft(walked) && walked.left.message).toMatch(
      /^Behind: the log after global position 1 is held back/,
    );
    // forEachEvent, what the auditor's tools use, keeps the same rule.
    const each = await forEachEvent(store, 0n, () => undefined)();
    expect(E.isLeft(each) && each.left.code).toBe('CONSENTRY_STORE_UNAVAILABLE');
  });

  it('stops where the log is held back for a caller that looks again (a subscription)', async () => {
    const store = scripted({
      '0': { events: [event(0)], nextPosition: 1n, isEnd: false },
      '1': { events: [], nextPosition: 1n, isEnd: false },
    });
    const walked = await walkLog(store, { from: 0n, whenHeldBack: 'stop' }, () => undefined)();
    expect(walked).toEqual(E.right(1n));
  });

  it('stops when a visit says so, and passes a visit’s error on', async () => {
    const store = scripted(twoBatches);
    let visits = 0;
    const stopped = await walkLog(store, { from: 0n, readAhead: false }, () => {
      visits += 1;
      return 'stop';
    })();
    expect({ stopped, visits, asked: store.asked }).toEqual({
      stopped: E.right(2n),
      visits: 1,
      asked: [0n],
    });
    const failure: E.Left<StoreError> = {
      _tag: 'Left',
      left: storeFailure('x'),
    };
    const failed = await walkLog(store, { from: 0n }, () => failure)();
    expect(failed).toBe(failure);
  });
});
