import { sampleMessage } from '@consentry/core/testing';
import { smtpNotifier, type MailTransport } from './smtpNotifier.js';

// A transport built without timeouts, whose send never settles: the backstop must end it.
const stuck: MailTransport = { sendMail: () => new Promise(() => undefined) };

describe('smtpNotifier without a real server', () => {
  it('gives up on a send that never settles after sendTimeoutMs, as a retryable timeout', async () => {
    const notifier = smtpNotifier(stuck, { from: 'no-reply@consentry.example', sendTimeoutMs: 50 });
    const result = await notifier.send(sampleMessage('verification-code', 'email'))();
    expect(result).toMatchObject({ _tag: 'Left', left: { reason: 'timeout', retryable: true } });
  });

  it('treats a recipient the transport reports as rejected (without an error) as invalid-recipient', async () => {
    const rejecting: MailTransport = {
      sendMail: () => Promise.resolve({ messageId: '<x@y>', rejected: ['alice@example.org'] }),
    };
    const notifier = smtpNotifier(rejecting, { from: 'no-reply@consentry.example' });
    const result = await notifier.send(sampleMessage('verification-code', 'email'))();
    expect(result).toMatchObject({
      _tag: 'Left',
      left: { reason: 'invalid-recipient', retryable: false },
    });
  });
});
