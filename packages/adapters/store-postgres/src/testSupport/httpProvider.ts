import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { notifierError, type Notifier } from '@consentry/core';

/** One message as the provider received it. */
export interface Received {
  readonly key: string;
  readonly to: string;
  readonly kind: string;
  /** The sending process. */
  readonly pid: number;
  readonly at: number;
}

/** What the provider does with a message before answering: accept it, or hold it unanswered. */
export type Hook = (message: Received) => 'accept' | 'hold';

/**
 * A message provider shared by several processes, as GOV.UK Notify or an SMTP relay is: it
 * keeps every message it accepts (a repeated idempotency key is a second message: it honours
 * none), so a test counts what patients would really get.
 */
export const startProvider = async (hook: Hook = () => 'accept') => {
  const accepted: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const message = { ...(JSON.parse(body) as Omit<Received, 'at'>), at: Date.now() };
      if (hook(message) === 'hold') return; // never answered: the sender dies waiting
      accepted.push(message);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `m-${accepted.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    accepted: (): readonly Received[] => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The sending side, run by each host process: an SMS notifier that posts to the provider. */
export const httpNotifier = (url: string): Notifier => ({
  name: 'test provider',
  honoursIdempotencyKeys: false,
  channels: ['sms', 'email'],
  send: (message) => async () => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify({
          key: message.idempotencyKey,
          to: message.to,
          kind: message.kind,
          pid: process.pid,
        }),
      });
      if (!response.ok) return E.left(notifierError('unavailable', `HTTP ${response.status}`));
      const { id } = (await response.json()) as { id: string };
      return E.right({ providerMessageId: id, channel: message.channel });
    } catch (error) {
      return E.left(notifierError('unavailable', String(error)));
    }
  },
});
