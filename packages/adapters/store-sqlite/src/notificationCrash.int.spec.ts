import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsentry, keyringFromSecrets, systemClock, type EventStore } from '@consentry/core';
import {
  capturingNotifier,
  expectRight,
  feedOf,
  registerTestWorld,
  staffOf,
} from '@consentry/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { collectLines, startChild } from './__fixtures__/child.js';
import { openStore, tempDir } from './__fixtures__/stores.js';

const SECRET = 'sigkill-test-key-0123456789-0123456789';

/** The holiday story up to the code being issued, written to the file; nothing sent yet (external delivery). */
const issueACode = async (file: string): Promise<void> => {
  const { store, teardown } = openStore(file);
  const keyring = E.getOrElseW((e: string) => {
    throw new Error(e);
  })(keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: SECRET } }));
  const c = createConsentry({
    eventStore: store,
    notifier: capturingNotifier(),
    clock: systemClock,
    keyring,
    notifications: { delivery: 'external' },
  });
  // Core's test world (docs/testing.md), Alice alone: her practice, the Cornwall hospital, her mobile.
  await registerTestWorld(c, { patients: ['alice'] });
  const pair = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  await expectRight(c.startCare(pair, feedOf('cornwall-hospital', 'feed')));
  const far = staffOf('cornwall-hospital', 'clin');
  await expectRight(c.requestAccess(pair, far));
  await teardown();
};

/** Runs the reactor in a child; in a kill mode, SIGKILLs it the moment it reports the kill point. */
const reactorProcess = async (file: string, outbox: string, mode: string, idempotent: boolean) => {
  const child = startChild('notificationReactor.js', [
    file,
    outbox,
    mode,
    idempotent ? 'yes' : 'no',
    SECRET,
  ]);
  const { lines, exited } = collectLines(child, (line) => {
    if (line === 'SENT' || line === 'CHECKPOINTING') child.kill('SIGKILL');
  });
  const exit = await exited;
  return { ...exit, lines };
};

const readBack = async (file: string) => {
  const { store, teardown } = openStore(file);
  const stream = async (s: EventStore, name: string) =>
    (await expectRight(s.readStream(name))).events;
  const notifications = await stream(store, 'notification-alice');
  const checkpoints = await stream(store, 'notificationCheckpoint-patient-messages');
  await teardown();
  return { notifications, checkpoints };
};

const outboxLines = (outbox: string): { key: string; code: string | null }[] =>
  existsSync(outbox)
    ? readFileSync(outbox, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { key: string; code: string | null })
    : [];

describe('notification reactor SIGKILLed between send and checkpoint, restarted in a new process', () => {
  const cases: readonly [string, boolean, number][] = [
    // mode, channel honours idempotency keys, messages the patient ends up with
    ['kill-before-checkpoint', false, 1],
    ['kill-after-send', true, 1],
    ['kill-after-send', false, 2],
  ];
  it.each(cases)(
    '%s (idempotent channel: %s): nothing lost, %i message(s) delivered, one NotificationSent',
    async (mode, idempotent, expected) => {
      const dir = tempDir();
      try {
        const file = join(dir.dir, 'store.sqlite');
        const outbox = join(dir.dir, 'outbox.jsonl');
        await issueACode(file);

        const killed = await reactorProcess(file, outbox, mode, idempotent);
        expect({ signal: killed.signal, stderr: killed.stderr }).toEqual({
          signal: 'SIGKILL',
          stderr: '',
        });
        expect(outboxLines(outbox)).toHaveLength(1);
        expect((await readBack(file)).checkpoints).toEqual([]);

        const restarted = await reactorProcess(file, outbox, 'run', idempotent);
        expect({ code: restarted.code, stderr: restarted.stderr }).toEqual({ code: 0, stderr: '' });
        expect(restarted.lines.at(-1)).toBe(
          mode === 'kill-before-checkpoint' ? 'DONE AlreadyRecorded' : 'DONE Sent',
        );

        const delivered = outboxLines(outbox);
        expect(delivered).toHaveLength(expected);
        // A repeat is the same message: same idempotency key, same code.
        expect(new Set(delivered.map((m) => `${m.key} ${m.code}`)).size).toBe(1);
        expect(delivered[0]?.code).toMatch(/^\d{6}$/);
        const after = await readBack(file);
        expect(after.notifications.map((e) => e.type)).toEqual(['NotificationSent']);
        expect(after.checkpoints.length).toBeGreaterThan(0);
      } finally {
        dir.remove();
      }
    },
    60_000,
  );
});
