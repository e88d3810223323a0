import * as E from 'fp-ts/lib/Either.js';
import { sampleMessage } from '../testing/notifierMessages.js';
import { checkMessage } from './checkMessage.js';

describe('checkMessage', () => {
  it('passes a well-formed message on a channel the notifier sends', () => {
    const m = sampleMessage('verification-code', 'sms');
    expect(checkMessage(['sms'], m)).toEqual(E.right(m));
  });

  it('refuses a channel the notifier does not send, before looking at the recipient', () => {
    const m = sampleMessage('verification-code', 'email', { to: 'not an address' });
    expect(checkMessage(['sms'], m)).toEqual(
      E.left(expect.objectContaining({ reason: 'unsupported-channel', retryable: false })),
    );
  });

  it.each([
    ['sms', '07700900123'], // national form: the port promises E.164
    ['sms', '+441632960000'], // a landline cannot take a text
    ['sms', '+4477009001234'],
    ['email', 'alice@'],
    ['email', 'alice example.org'],
    ['email', '<alice@example.org>'],
  ] as const)('refuses %s recipient %s as invalid-recipient, without echoing it', (channel, to) => {
    const result = checkMessage([channel], sampleMessage('emergency-access', channel, { to }));
    expect(result).toEqual(E.left(expect.objectContaining({ reason: 'invalid-recipient' })));
    expect(E.isLeft(result) && result.left.message).not.toContain(to);
  });
});
