import * as E from 'fp-ts/lib/Either.js';
import type { Notifier } from '@consentry/core';
import type { HostMetrics } from './registry.js';

/**
 * The notifier the host sends patients' sign-in codes through, counted: those messages do
 * not pass through the event log, so the store cannot see them. Counts by channel only.
 */
export const instrumentedSignInNotifier = (notifier: Notifier, metrics: HostMetrics): Notifier => ({
  name: notifier.name,
  honoursIdempotencyKeys: notifier.honoursIdempotencyKeys,
  channels: notifier.channels,
  send: (message) => async () => {
    const result = await notifier.send(message)();
    const sent = E.isRight(result);
    metrics.messages.inc({ channel: message.channel, result: sent ? 'sent' : 'failed' });
    if (sent && message.kind === 'sign-in-code')
      metrics.codesIssued.inc({ kind: 'sign-in', channel: message.channel });
    return result;
  },
});
