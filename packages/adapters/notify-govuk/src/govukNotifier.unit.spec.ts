import { sampleMessage } from '@consentry/core/testing';
import { govukNotifier, oneTemplateForEveryKind, type NotifySender } from './govukNotifier.js';

describe('govukNotifier without a server', () => {
  it('gives up on a request that never settles after timeoutMs, as a retryable timeout', async () => {
    // A NotifyClient built without notifyClient() has no timeout of its own.
    const never = () => new Promise<never>(() => undefined);
    const stuck: NotifySender = { sendSms: never, sendEmail: never };
    const notifier = govukNotifier(stuck, {
      templates: { sms: oneTemplateForEveryKind('t') },
      timeoutMs: 50,
    });
    const result = await notifier.send(sampleMessage('verification-code', 'sms'))();
    expect(result).toMatchObject({ _tag: 'Left', left: { reason: 'timeout', retryable: true } });
  });

  it('sends on exactly the channels it has templates for', () => {
    const sender: NotifySender = {
      sendSms: () => Promise.reject(new Error('not called')),
      sendEmail: () => Promise.reject(new Error('not called')),
    };
    expect(
      govukNotifier(sender, { templates: { email: oneTemplateForEveryKind('t') } }).channels,
    ).toEqual(['email']);
    expect(
      govukNotifier(sender, {
        templates: { sms: oneTemplateForEveryKind('s'), email: oneTemplateForEveryKind('e') },
      }).channels,
    ).toEqual(['sms', 'email']);
  });
});
