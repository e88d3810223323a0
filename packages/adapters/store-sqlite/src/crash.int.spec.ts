import { join } from 'node:path';
import type { RecordedEvent } from '@consentry/core';
import { collectLines, startChild } from './__fixtures__/child.js';
import { openStore, tempDir } from './__fixtures__/stores.js';
import { inspectStore } from './__fixtures__/verify.js';

interface Ack {
  readonly append: number;
  readonly stream: string;
  readonly size: number;
  readonly version: bigint;
}

const parseAck = (line: string): Ack => {
  const [, append, stream, size, version] = line.split(' ');
  return {
    append: Number(append),
    stream: stream ?? '',
    size: Number(size),
    version: BigInt(version ?? ''),
  };
};

/** Runs the append loop in a child, SIGKILLs it at a random moment, and returns its acknowledgements. */
const crashOnce = async (file: string, synchronous: string): Promise<Ack[]> => {
  const child = startChild('appendLoop.js', [file, synchronous]);
  let killTimer: NodeJS.Timeout | undefined;
  const { lines, exited } = collectLines(child, (line) => {
    if (line.startsWith('ACK') && killTimer === undefined) {
      killTimer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 300);
    }
  });
  const exit = await exited;
  expect({
    signal: exit.signal,
    errors: lines.filter((l) => l.startsWith('ERROR')),
    stderr: exit.stderr,
  }).toEqual({
    signal: 'SIGKILL',
    errors: [],
    stderr: '',
  });
  return lines.filter((line) => line.startsWith('ACK ')).map(parseAck);
};

const data = (event: RecordedEvent): { append: number; part: number; of: number } =>
  event.data as { append: number; part: number; of: number };

const checkAfterCrash = async (file: string, acks: readonly Ack[]): Promise<void> => {
  const { store, teardown } = openStore(file);
  const { events, problems } = await inspectStore(store);
  await teardown();
  expect(problems).toEqual([]);

  const byAppend = new Map<number, RecordedEvent[]>();
  for (const event of events)
    byAppend.set(data(event).append, [...(byAppend.get(data(event).append) ?? []), event]);
  for (const ack of acks) {
    const stored = byAppend.get(ack.append) ?? [];
    const positions = stored.map((e) => `${e.streamName}@${e.streamPosition}`);
    const expected = Array.from(
      { length: ack.size },
      (_, i) => `${ack.stream}@${ack.version - BigInt(ack.size - 1 - i)}`,
    );
    expect({ append: ack.append, positions }).toEqual({ append: ack.append, positions: expected });
  }
  // Nothing partial: every append in the file is whole, acknowledged or the one in flight.
  for (const [append, stored] of byAppend) {
    expect({ append, parts: stored.map((e) => data(e).part) }).toEqual({
      append,
      parts: Array.from({ length: data(stored[0] as RecordedEvent).of }, (_, i) => i),
    });
  }
  expect(byAppend.size - acks.length).toBeGreaterThanOrEqual(0);
  expect(byAppend.size - acks.length).toBeLessThanOrEqual(1);
};

describe('a process killed while appending (SIGKILL)', () => {
  it('keeps every acknowledged append and nothing partial, in five runs killed at random moments', async () => {
    const { dir, remove } = tempDir();
    try {
      // Side by side, to keep the suite short; NORMAL must survive a process crash too.
      const runs = [0, 1, 2, 3, 4].map((run) => ({
        file: join(dir, `run-${run}.db`),
        synchronous: run % 2 ? 'NORMAL' : 'FULL',
      }));
      const acks = await Promise.all(runs.map((run) => crashOnce(run.file, run.synchronous)));
      for (const [run, { file }] of runs.entries()) {
        expect({ run, acknowledged: (acks[run]?.length ?? 0) > 0 }).toEqual({
          run,
          acknowledged: true,
        });
        await checkAfterCrash(file, acks[run] ?? []);
      }
    } finally {
      remove();
    }
  }, 120_000); // child start-up dominates; generous for a loaded CI machine
});
