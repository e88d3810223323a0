import { expectRight } from '../testing/expectEither.js';
import { randomUUID } from 'node:crypto';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { FAR, MOBILE, staffOf, story } from './__fixtures__/story.js';
import { eventStoreCheckpoints } from './eventStoreCheckpoints.js';
import { leasedReactor, type Lease } from './lease.js';

/**
 * One lease shared by the reactors of a test, as the server holds one advisory lock for all
 * hosts: at most one holder; `revoke()` takes it from the holder the way a dropped
 * connection does (its next confirmation fails, and it is told).
 */
const sharedLease = () => {
  let holder: string | undefined;
  const lost = new Map<string, () => void>();
  const leaseFor = (me: string): Lease => ({
    name: 'test',
    tryAcquire: () =>
      TE.right(holder === undefined || holder === me ? ((holder = me), true) : false),
    confirm: () => TE.right(holder === me),
    release: async () => {
      if (holder === me) holder = undefined;
      return Promise.resolve();
    },
    onLost: (listener) => void lost.set(me, listener),
  });
  return {
    leaseFor,
    holder: () => holder,
    revoke: () => {
      const was = holder;
      holder = undefined;
      if (was !== undefined) lost.get(was)?.();
    },
  };
};

const waitFor = async (done: () => boolean, what = ''): Promise<void> => {
  for (let i = 0; !done(); i++) {
    if (i > 500) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('leasedReactor', () => {
  it('sends each message from the one process holding the lease; another takes over when it is lost', async () => {
    const { consentry, eventStore, clock, keyring, notificationEvents } = await story();
    const lease = sharedLease();
    const ids = { next: () => randomUUID() };
    const hosts = ['a', 'b'].map((name) => {
      const notifier = capturingNotifier({ name });
      const reactor = leasedReactor(
        {
          eventStore,
          notifier,
          keyring,
          clock,
          ids,
          checkpoints: eventStoreCheckpoints(eventStore, { clock, ids }),
        },
        lease.leaseFor(name),
        { acquireEveryMs: 5 },
      );
      return { name, notifier, reactor };
    });
    const sent = () => hosts.flatMap((h) => h.notifier.messagesTo(MOBILE));
    try {
      for (const host of hosts) host.reactor.start();
      await waitFor(() => lease.holder() !== undefined);
      const first = hosts.find((h) => h.name === lease.holder());
      expect(hosts.filter((h) => h.reactor.holding())).toEqual([first]);

      await expectRight(consentry.requestAccess(FAR, staffOf(FAR.organisationId)));
      await waitFor(() => sent().length === 1, 'first');
      expect(first?.notifier.messagesTo(MOBILE)).toHaveLength(1);

      // The holder loses its lease (its connection dropped): it stops, the other takes over
      // and sends what is owed next; nothing is sent twice.
      lease.revoke();
      await waitFor(
        () => lease.holder() !== undefined && lease.holder() !== first?.name,
        'takeover',
      );
      const second = hosts.find((h) => h.name === lease.holder());
      await expectRight(consentry.resendCode(FAR, staffOf(FAR.organisationId)));
      await waitFor(() => sent().length === 2, `second ${sent().length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent()).toHaveLength(2);
      expect(second?.notifier.messagesTo(MOBILE)).toHaveLength(1);
      expect((await notificationEvents()).map((e) => e.type)).toEqual([
        'NotificationSent',
        'NotificationSent',
      ]);
    } finally {
      await Promise.all(hosts.map((h) => h.reactor.stop()));
    }
  });

  it('a holder whose lease cannot be confirmed sends nothing', async () => {
    const { consentry, eventStore, clock, keyring, notificationEvents } = await story();
    const ids = { next: () => randomUUID() };
    const notifier = capturingNotifier();
    // Taken, but every confirmation fails: as a connection that died unnoticed.
    const lease: Lease = {
      name: 'stale',
      tryAcquire: () => TE.right(true),
      confirm: () => TE.right(false),
      release: () => Promise.resolve(),
      onLost: () => undefined,
    };
    const reactor = leasedReactor(
      {
        eventStore,
        notifier,
        keyring,
        clock,
        ids,
        checkpoints: eventStoreCheckpoints(eventStore, { clock, ids }),
      },
      lease,
      { acquireEveryMs: 5 },
    );
    reactor.start();
    try {
      await expectRight(consentry.requestAccess(FAR, staffOf(FAR.organisationId)));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notifier.sent()).toEqual([]);
      expect(await notificationEvents()).toEqual([]);
    } finally {
      await reactor.stop();
    }
  });
});
