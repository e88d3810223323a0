/// <reference types="jest" />
import {
  isNotifierError,
  type Channel,
  type Notifier,
  type OutgoingMessage,
} from '../notification/port.js';
import { expectLeft, expectRight } from './expectEither.js';
import { ALL_MESSAGE_KINDS, TEST_RECIPIENTS, sampleMessage } from './notifierMessages.js';

/** A message as it arrived at the far end (mailbox, fake provider, memory), in one shape. */
export interface DeliveredMessage {
  readonly channel: Channel;
  readonly to: string;
  /** E-mail only; undefined for SMS. */
  readonly subject: string | undefined;
  readonly body: string;
  readonly reference: string | undefined;
}

export type ProviderFailure = 'permanent' | 'transient';

/** What a notifier's spec gives the contract: the notifier and a window onto its provider. */
export interface NotifierHarness {
  readonly notifier: Notifier;
  /** Everything the provider has accepted so far, oldest first, read from the provider's side. */
  delivered(): Promise<readonly DeliveredMessage[]>;
  /** Makes the provider refuse the next message: for good (e.g. SMTP 550) or for now (e.g. 451). */
  failNext(kind: ProviderFailure): Promise<void> | void;
  teardown(): Promise<void>;
}

const ALL_CHANNELS: readonly Channel[] = ['sms', 'email'];
// Mail and HTTP bodies gain CRLFs and trailing newlines on the way; the words must not change.
const text = (s: string): string => s.replace(/\r\n/g, '\n').trim();

const received = (m: OutgoingMessage): DeliveredMessage => ({
  channel: m.channel,
  to: m.to,
  subject: m.channel === 'email' ? m.subject : undefined,
  body: text(m.body),
  reference: m.reference,
});
const normalised = (d: DeliveredMessage): DeliveredMessage => ({ ...d, body: text(d.body) });

/**
 * The behaviour every `Notifier` must show (docs/event-store.md), checked from the provider's side:
 * delivery of every kind to the right recipient, channels honoured, failures as classified
 * values (never throws), and idempotency exactly as `honoursIdempotencyKeys` claims.
 */
export const notifierContract = (name: string, factory: () => Promise<NotifierHarness>): void => {
  describe(`Notifier contract: ${name}`, () => {
    let harness: NotifierHarness;
    let notifier: Notifier;
    beforeEach(async () => {
      harness = await factory();
      notifier = harness.notifier;
    });
    afterEach(() => harness.teardown());

    const send = (m: OutgoingMessage) => notifier.send(m)();
    const sendable = (): readonly Channel[] => notifier.channels;
    const unsendable = (): readonly Channel[] =>
      ALL_CHANNELS.filter((c) => !notifier.channels.includes(c));

    it('describes itself: a name and at least one channel', () => {
      expect(notifier.name).not.toHaveLength(0);
      expect(notifier.channels.length).toBeGreaterThan(0);
    });

    it('delivers every kind of message on every channel it sends, with its content intact', async () => {
      const messages = sendable().flatMap((channel) =>
        ALL_MESSAGE_KINDS.map((kind) => sampleMessage(kind, channel)),
      );
      for (const m of messages) {
        const receipt = expectRight(await send(m));
        expect(receipt.channel).toBe(m.channel);
        expect(receipt.providerMessageId).not.toHaveLength(0);
      }
      expect((await harness.delivered()).map(normalised)).toEqual(messages.map(received));
    });

    it('keeps recipients apart: each gets only the message addressed to them', async () => {
      const messages = sendable().flatMap((channel) =>
        TEST_RECIPIENTS[channel].map((to) =>
          sampleMessage('sharing-consent-recorded', channel, { to }),
        ),
      );
      for (const m of messages) expectRight(await send(m));
      const delivered = await harness.delivered();
      for (const m of messages) {
        expect(delivered.filter((d) => d.to === m.to).map(normalised)).toEqual([received(m)]);
      }
    });

    it('puts the code in the body, never in the subject', async () => {
      for (const channel of sendable())
        expectRight(await send(sampleMessage('verification-code', channel)));
      for (const d of await harness.delivered()) {
        expect(d.body).toContain('314159');
        expect(d.subject ?? '').not.toContain('314159');
      }
    });

    it('refuses a channel it does not send with a permanent unsupported-channel error, delivering nothing', async () => {
      // Checked for the channels this notifier lacks; a two-channel notifier is asked for a third.
      const asked: readonly (readonly [Channel, string])[] = [
        ...unsendable().map((c) => [c, TEST_RECIPIENTS[c][0]] as const),
        ['fax' as Channel, '+441632960000'],
      ];
      for (const [channel, to] of asked) {
        const error = expectLeft(await send(sampleMessage('verification-code', channel, { to })));
        expect(isNotifierError(error)).toBe(true);
        expect(error).toMatchObject({ reason: 'unsupported-channel', retryable: false });
      }
      expect(await harness.delivered()).toEqual([]);
    });

    it('refuses a malformed recipient with a permanent invalid-recipient error, not a throw', async () => {
      for (const channel of sendable()) {
        for (const to of ['', 'not a recipient', '07700 900123@']) {
          const error = expectLeft(await send(sampleMessage('verification-code', channel, { to })));
          expect(isNotifierError(error)).toBe(true);
          expect(error).toMatchObject({ reason: 'invalid-recipient', retryable: false });
        }
      }
      expect(await harness.delivered()).toEqual([]);
    });

    it.each<[ProviderFailure, boolean]>([
      ['permanent', false],
      ['transient', true],
    ])(
      'classifies a %s refusal by the provider (retryable: %s) and recovers for the next message',
      async (kind, retryable) => {
        const [channel] = sendable();
        if (channel === undefined) throw new Error('a notifier with no channel');
        await harness.failNext(kind);
        const refused = sampleMessage('verification-code', channel);
        const error = expectLeft(await send(refused));
        expect(isNotifierError(error)).toBe(true);
        expect(error.retryable).toBe(retryable);
        const next = sampleMessage('emergency-access', channel);
        expectRight(await send(next));
        expect((await harness.delivered()).map(normalised)).toEqual([received(next)]);
      },
    );

    it('delivers concurrent sends once each', async () => {
      const messages = sendable().flatMap((channel) =>
        [1, 2, 3].map(() => sampleMessage('sharing-consent-recorded', channel)),
      );
      const results = await Promise.all(messages.map(send));
      results.forEach((result) => expectRight(result, 'a concurrent send'));
      const bodies = (await harness.delivered()).map((d) => text(d.body)).sort();
      expect(bodies).toEqual(messages.map((m) => text(m.body)).sort());
    });

    it('treats a repeated idempotency key exactly as honoursIdempotencyKeys says', async () => {
      const [channel] = sendable();
      if (channel === undefined) throw new Error('a notifier with no channel');
      const m = sampleMessage('verification-code', channel);
      const first = expectRight(await send(m));
      const second = expectRight(await send(m));
      const delivered = await harness.delivered();
      if (notifier.honoursIdempotencyKeys) {
        expect(second.providerMessageId).toBe(first.providerMessageId);
        expect(delivered).toHaveLength(1);
      } else {
        // The channel cannot tell a repeat from a new message, and says so: both arrive.
        expect(delivered).toHaveLength(2);
      }
    });
  });
};
