import { expectRight } from '../testing/expectEither.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import type { Notifier } from './port.js';
import { FAR, staffOf, story } from './__fixtures__/story.js';
import { inMemoryCheckpoints } from './checkpoints.js';

/** Resolves when the notifier has delivered `count` messages (no timing in the assertion). */
const deliveries = (inner: ReturnType<typeof capturingNotifier>, count: number) => {
  let done: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (done = resolve));
  const notifier: Notifier = {
    ...inner,
    send: (message) => async () => {
      const result = await inner.send(message)();
      if (inner.sent().length >= count) done();
      return result;
    },
  };
  return { notifier, reached };
};

describe('notificationReactor.start(): following the log', () => {
  it('sends for events appended after it started, and stops cleanly', async () => {
    const w = await story();
    const inner = capturingNotifier();
    const { notifier, reached } = deliveries(inner, 2);
    const reactor = w.reactor(notifier, { checkpoints: inMemoryCheckpoints() });
    reactor.start();
    await expectRight(w.consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    await expectRight(w.consentry.resendCode(FAR, staffOf('cornwall-hospital')));
    await reached;
    await reactor.stop();
    expect(inner.sent().map((m) => m.kind)).toEqual(['verification-code', 'verification-code']);
    // Stopped: later events wait for the next reactor (here, a catch-up).
    await expectRight(w.consentry.resendCode(FAR, staffOf('cornwall-hospital')));
    expect(inner.sent()).toHaveLength(2);
    await expectRight(reactor.catchUp());
    expect(inner.sent()).toHaveLength(3);
  });
});
