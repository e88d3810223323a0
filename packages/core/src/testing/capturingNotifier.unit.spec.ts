import * as E from 'fp-ts/lib/Either.js';
import { notifierError } from '../notification/port.js';
import { capturingNotifier, type CapturingNotifier } from './capturingNotifier.js';
import { notifierContract, type DeliveredMessage } from './notifierContract.js';
import { sampleMessage } from './notifierMessages.js';

const harnessFor = (notifier: CapturingNotifier) => ({
  notifier,
  delivered: (): Promise<readonly DeliveredMessage[]> =>
    Promise.resolve(
      notifier.sent().map((m) => ({
        channel: m.channel,
        to: m.to,
        subject: m.channel === 'email' ? m.subject : undefined,
        body: m.body,
        reference: m.reference,
      })),
    ),
  failNext: (kind: 'permanent' | 'transient') =>
    notifier.failNext(
      notifierError(kind === 'permanent' ? 'rejected' : 'unavailable', `scripted ${kind} failure`),
    ),
  teardown: () => Promise.resolve(),
});

notifierContract('capturingNotifier (sms and e-mail)', () =>
  Promise.resolve(harnessFor(capturingNotifier())),
);
notifierContract('capturingNotifier (sms only)', () =>
  Promise.resolve(harnessFor(capturingNotifier({ channels: ['sms'] }))),
);
notifierContract('capturingNotifier (not idempotent)', () =>
  Promise.resolve(harnessFor(capturingNotifier({ honoursIdempotencyKeys: false }))),
);

describe('capturingNotifier', () => {
  it('gives the code of the last code-bearing message to a recipient', async () => {
    const notifier = capturingNotifier();
    const to = '+447700900123';
    await notifier.send(
      sampleMessage('verification-code', 'sms', { to, personalisation: { code: '111111' } }),
    )();
    await notifier.send(
      sampleMessage('verification-code', 'sms', { to, personalisation: { code: '222222' } }),
    )();
    await notifier.send(sampleMessage('sharing-consent-recorded', 'sms', { to }))();
    expect(notifier.lastCodeFor(to)).toBe('222222');
    expect(notifier.lastCodeMessageFor(to)?.kind).toBe('verification-code');
    expect(notifier.lastCodeFor('+447700900456')).toBeUndefined();
  });

  it('fails the scripted number of times, then delivers, counting every attempt', async () => {
    const notifier = capturingNotifier();
    notifier.failNext(notifierError('timeout', 'scripted'), 2);
    const m = sampleMessage('emergency-access', 'email');
    const results = [await notifier.send(m)(), await notifier.send(m)(), await notifier.send(m)()];
    expect(results.map(E.isRight)).toEqual([false, false, true]);
    expect(notifier.attempts()).toBe(3);
    expect(notifier.messagesTo(m.to)).toEqual([m]);
  });

  it('records nothing until the task is run', async () => {
    const notifier = capturingNotifier();
    const task = notifier.send(sampleMessage('emergency-access', 'sms'));
    expect(notifier.sent()).toEqual([]);
    await task();
    expect(notifier.sent()).toHaveLength(1);
  });
});
