import { join } from 'node:path';
import { collectLines, startChild } from './__fixtures__/child.js';
import { openStore, tempDir } from './__fixtures__/stores.js';
import { inspectStore } from './__fixtures__/verify.js';

const APPENDS_EACH = 300;

/** Starts both racers, releases them together once both are ready, and returns their output. */
const race = async (file: string): Promise<string[][]> => {
  const racers = ['a', 'b'].map((id) => startChild('racer.js', [file, id, String(APPENDS_EACH)]));
  let ready = 0;
  const outputs = racers.map((child) =>
    collectLines(child, (line) => {
      if (line === 'READY' && ++ready === racers.length)
        racers.forEach((racer) => racer.stdin.write('go\n'));
    }),
  );
  const exits = await Promise.all(outputs.map((output) => output.exited));
  expect(exits.map(({ code, stderr }) => ({ code, stderr }))).toEqual([
    { code: 0, stderr: '' },
    { code: 0, stderr: '' },
  ]);
  return outputs.map((output) => output.lines);
};

describe('two processes appending to one file at once', () => {
  it('loses and duplicates nothing, reports conflicts as conflicts and waits out busy locks', async () => {
    const { dir, remove } = tempDir();
    const file = join(dir, 'events.db');
    try {
      const lines = (await race(file)).flat();
      expect(lines.filter((line) => line.startsWith('ERROR'))).toEqual([]);
      expect(lines.filter((line) => line === 'DONE')).toHaveLength(2);

      const acks = lines.filter((line) => line.startsWith('ACK ')).map((line) => line.split(' '));
      const conflicts = lines
        .filter((line) => line.startsWith('CONFLICT '))
        .map((line) => line.split(' '));
      expect(acks.length + conflicts.length).toBe(2 * APPENDS_EACH);
      // The twins read shared streams and append with what they read, so some reads go stale.
      expect(conflicts.length).toBeGreaterThan(0);
      for (const [, stream, expected, actual] of conflicts) {
        expect({ stream, staleBy: BigInt(actual ?? 0) > BigInt(expected ?? 0) }).toEqual({
          stream,
          staleBy: true,
        });
      }

      const { store, teardown } = openStore(file);
      const { events, problems } = await inspectStore(store);
      await teardown();
      expect(problems).toEqual([]);
      const acknowledged = acks.flatMap(([, , , ids]) => (ids ?? '').split(','));
      const stored = events.map((event) => event.metadata.eventId);
      expect(stored.length).toBe(new Set(stored).size);
      expect([...stored].sort()).toEqual([...acknowledged].sort());
      for (const [, stream, version, ids] of acks) {
        const last = events.find((event) => event.metadata.eventId === ids?.split(',').at(-1));
        expect(`${last?.streamName}@${last?.streamPosition}`).toBe(`${stream}@${version}`);
      }
    } finally {
      remove();
    }
  }, 120_000); // child start-up dominates; generous for a loaded CI machine
});
