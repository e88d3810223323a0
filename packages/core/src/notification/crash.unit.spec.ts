import { expectRight } from '../testing/expectEither.js';
import type { EventStore } from '../eventStore/port.js';
import { streamCategory } from '../eventStore/streamName.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { FAR, feedOf, LOCAL, MOBILE, staffOf, story } from './__fixtures__/story.js';
import { checkpointStream } from './eventStoreCheckpoints.js';
import type { Notifier } from './port.js';

/**
 * A process killed mid-flight: from the store's side, whatever it wrote is there and
 * nothing after it ever comes. The wrapper freezes the reactor at the first append to one
 * stream category (the append never happens, the reactor never continues) and says when
 * it got there; the test then abandons that reactor and starts a fresh one on the same
 * store, as a restarted host would.
 */
const killedAtFirstAppendTo = (store: EventStore, category: string) => {
  let reached: () => void = () => undefined;
  const killed = new Promise<void>((resolve) => (reached = resolve));
  const frozen: EventStore = {
    ...store,
    appendToStream: (name, events, options) =>
      streamCategory(name) === category
        ? () => (reached(), new Promise(() => undefined))
        : store.appendToStream(name, events, options),
  };
  return { store: frozen, killed };
};

/** A notifier killed mid-send: the first send never returns. */
const killedWhileSending = (notifier: Notifier) => {
  let reached: () => void = () => undefined;
  const killed = new Promise<void>((resolve) => (reached = resolve));
  return {
    notifier: {
      ...notifier,
      send: () => () => (reached(), new Promise<never>(() => undefined)),
    } satisfies Notifier,
    killed,
  };
};

const checkpointEvents = async (store: EventStore) =>
  (await expectRight(store.readStream(checkpointStream('patient-messages')))).events;

describe('notification reactor killed between send and checkpoint', () => {
  it('killed after the send and its NotificationSent, before the checkpoint: after a restart nothing is lost and nothing doubled, even on a channel without idempotency keys', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: false });
    await expectRight(w.consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    const crash = killedAtFirstAppendTo(w.eventStore, 'notificationCheckpoint');
    void w.reactor(notifier, { store: crash.store, checkpointEvery: 1 }).catchUp()();
    await crash.killed;
    expect(notifier.sent()).toHaveLength(1);
    expect(await checkpointEvents(w.eventStore)).toEqual([]);

    const restarted = await expectRight(w.reactor(notifier, { checkpointEvery: 1 }).catchUp());
    expect(restarted.outcomes).toEqual([
      expect.objectContaining({ _tag: 'AlreadyRecorded', kind: 'verification-code' }),
    ]);
    expect(notifier.attempts()).toBe(1);
    expect(notifier.sent()).toHaveLength(1);
    expect((await w.notificationEvents()).map((e) => e.type)).toEqual(['NotificationSent']);
    expect((await checkpointEvents(w.eventStore)).length).toBeGreaterThan(0);
  });

  it('killed after the send, before NotificationSent: the restart sends again with the same idempotency key, so an idempotent channel delivers one message', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: true });
    await expectRight(w.consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    const crash = killedAtFirstAppendTo(w.eventStore, 'notification');
    void w.reactor(notifier, { store: crash.store }).catchUp()();
    await crash.killed;
    expect(await w.notificationEvents()).toEqual([]);

    await expectRight(w.reactor(notifier).catchUp());
    expect(notifier.attempts()).toBe(2);
    expect(notifier.sent()).toHaveLength(1);
    expect(notifier.lastCodeFor(MOBILE)).toMatch(/^\d{6}$/);
    expect((await w.notificationEvents()).map((e) => e.type)).toEqual(['NotificationSent']);
  });

  it('the same crash on a channel without idempotency keys (SMTP, Notify) delivers the message twice, with the same code — the one duplicate the docs admit', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: false });
    await expectRight(w.consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    const crash = killedAtFirstAppendTo(w.eventStore, 'notification');
    void w.reactor(notifier, { store: crash.store }).catchUp()();
    await crash.killed;
    await expectRight(w.reactor(notifier).catchUp());
    const sent = notifier.sent();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.idempotencyKey).toBe(sent[0]?.idempotencyKey);
    expect(sent[1]?.personalisation['code']).toBe(sent[0]?.personalisation['code']);
    expect((await w.notificationEvents()).map((e) => e.type)).toEqual(['NotificationSent']);
  });

  it('killed while the provider had the message: the restart sends it (not lost)', async () => {
    const w = await story();
    const delivered = capturingNotifier();
    await expectRight(w.consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    const crash = killedWhileSending(delivered);
    void w.reactor(crash.notifier).catchUp()();
    await crash.killed;
    await expectRight(w.reactor(delivered).catchUp());
    expect(delivered.sent().map((m) => m.kind)).toEqual(['verification-code']);
  });

  it('killed in the middle of several messages: after a restart every one was delivered exactly once (idempotent channel)', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: true });
    const local = staffOf('leic-hospital');
    await expectRight(w.consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    await expectRight(w.consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(w.consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
    await expectRight(
      w.consentry.requestAccess(
        { ...LOCAL, purpose: 'ETREAT', justification: 'collapsed at home' },
        local,
      ),
    );
    // The first reactor gets through the first message, then is killed as it records the second.
    let appends = 0;
    let reached: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => (reached = resolve));
    const store: EventStore = {
      ...w.eventStore,
      appendToStream: (name, events, options) =>
        streamCategory(name) === 'notification' && (appends += 1) === 2
          ? () => (reached(), new Promise(() => undefined))
          : w.eventStore.appendToStream(name, events, options),
    };
    void w.reactor(notifier, { store }).catchUp()();
    await killed;
    expect(notifier.sent()).toHaveLength(2);

    await expectRight(w.reactor(notifier).catchUp());
    expect(notifier.sent().map((m) => m.kind)).toEqual([
      'verification-code',
      'sharing-consent-recorded',
      'emergency-access',
    ]);
    expect((await w.notificationEvents()).map((e) => (e.data as { kind: string }).kind)).toEqual([
      'verification-code',
      'sharing-consent-recorded',
      'emergency-access',
    ]);
  });
});
