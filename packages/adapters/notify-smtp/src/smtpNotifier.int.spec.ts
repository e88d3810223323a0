import { createServer, type AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { notifierContract, sampleMessage, type DeliveredMessage } from '@consentry/core/testing';
import type { NotifierError } from '@consentry/core';
import { messageIdFor, smtpNotifier } from './smtpNotifier.js';
import { smtpTransport, type SmtpSettings } from './settings.js';
import {
  startSilentServer,
  startSmtpServer,
  type TestSmtpServer,
} from './__fixtures__/testSmtpServer.js';

const FROM = '"Consentry" <no-reply@consentry.example>';
// Short, so every failure below is classified in well under a second.
const TIMEOUTS = { connectMs: 500, greetingMs: 500, socketMs: 500 };
const TRUST_TEST_CERT = { rejectUnauthorized: false };

const notifierFor = (port: number, settings: Partial<SmtpSettings> = {}) => {
  const transport = smtpTransport({
    host: '127.0.0.1',
    port,
    security: 'none',
    timeouts: TIMEOUTS,
    ...settings,
  });
  return { transport, notifier: smtpNotifier(transport, { from: FROM }) };
};

const asDelivered = (server: TestSmtpServer) => (): Promise<readonly DeliveredMessage[]> =>
  Promise.resolve(
    server.received.map((m) => ({
      channel: 'email' as const,
      to: m.envelopeTo.join(','),
      subject: m.subject,
      body: m.text,
      reference: m.reference,
    })),
  );

notifierContract('smtpNotifier over a real SMTP server', async () => {
  const server = await startSmtpServer();
  const { transport, notifier } = notifierFor(server.port);
  return {
    notifier,
    delivered: asDelivered(server),
    failNext: (kind) => server.refuseNext(kind),
    teardown: async () => {
      transport.close();
      await server.close();
    },
  };
});

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const started = <S extends { close(): Promise<void> }>(s: S): S => (servers.push(s), s);

const failureOf = async (port: number, settings: Partial<SmtpSettings> = {}, to?: string) => {
  const { transport, notifier } = notifierFor(port, settings);
  const began = performance.now();
  const result = await notifier.send(
    sampleMessage('verification-code', 'email', to === undefined ? {} : { to }),
  )();
  const ms = Math.round(performance.now() - began);
  transport.close();
  if (E.isRight(result)) throw new Error('expected the send to fail');
  timings.push(`${result.left.reason} ${ms}ms`);
  return result.left;
};
const timings: string[] = [];
afterAll(() => process.stdout.write(`smtp failure classification times: ${timings.join(', ')}\n`));

describe('smtpNotifier: what the recipient receives', () => {
  it('arrives as a parsed e-mail with the right recipient, sender, subject, body, Message-ID and reference', async () => {
    const server = started(await startSmtpServer());
    const { transport, notifier } = notifierFor(server.port);
    const message = sampleMessage('verification-code', 'email', { to: 'bob@example.org' });
    const receipt = await notifier.send(message)();
    transport.close();

    const [mail] = server.received;
    expect(server.received).toHaveLength(1);
    expect(mail).toMatchObject({
      envelopeTo: ['bob@example.org'],
      to: ['bob@example.org'],
      from: 'no-reply@consentry.example',
      subject: 'Your security code',
      reference: message.reference,
      messageId: messageIdFor(message.idempotencyKey, 'consentry.example'),
    });
    expect(mail?.text.trim()).toBe(message.body);
    expect(mail?.text).toContain('314159');
    expect(mail?.subject).not.toMatch(/\d{6}/);
    expect(receipt).toEqual(E.right({ providerMessageId: mail?.messageId, channel: 'email' }));
  });

  it('sends a repeated idempotency key again, under the same Message-ID (SMTP cannot deduplicate)', async () => {
    const server = started(await startSmtpServer());
    const { transport, notifier } = notifierFor(server.port);
    const message = sampleMessage('sharing-consent-recorded', 'email');
    await notifier.send(message)();
    await notifier.send(message)();
    transport.close();
    expect(server.received.map((m) => m.messageId)).toEqual([
      messageIdFor(message.idempotencyKey, 'consentry.example'),
      messageIdFor(message.idempotencyKey, 'consentry.example'),
    ]);
  });
});

describe('smtpNotifier: TLS and authentication', () => {
  const credentials = { user: 'consentry', pass: 'correct horse' };

  it('sends over STARTTLS with the right credentials', async () => {
    const server = started(await startSmtpServer({ security: 'starttls', credentials }));
    const { transport, notifier } = notifierFor(server.port, {
      security: 'starttls',
      auth: credentials,
      tls: TRUST_TEST_CERT,
    });
    const result = await notifier.send(sampleMessage('emergency-access', 'email'))();
    transport.close();
    expect(E.isRight(result)).toBe(true);
    expect(server.received).toHaveLength(1);
  });

  it('sends over TLS from the first byte (port 465 style)', async () => {
    const server = started(await startSmtpServer({ security: 'tls' }));
    const { transport, notifier } = notifierFor(server.port, {
      security: 'tls',
      tls: TRUST_TEST_CERT,
    });
    const result = await notifier.send(sampleMessage('emergency-access', 'email'))();
    transport.close();
    expect(E.isRight(result)).toBe(true);
    expect(server.received).toHaveLength(1);
  });
});

describe('smtpNotifier: each failure is a classified value, within the timeout', () => {
  const expectClassified = (
    error: NotifierError,
    reason: NotifierError['reason'],
    retryable: boolean,
  ) => expect(error).toMatchObject({ _tag: 'NotifierError', reason, retryable });

  it('server refuses the recipient (550): invalid-recipient, permanent', async () => {
    const server = started(await startSmtpServer());
    server.refuseNext('permanent');
    expectClassified(await failureOf(server.port), 'invalid-recipient', false);
    expect(server.received).toEqual([]);
  });

  it('server refuses for now (451): unavailable, retryable', async () => {
    const server = started(await startSmtpServer());
    server.refuseNext('transient');
    expectClassified(await failureOf(server.port), 'unavailable', true);
  });

  it('server drops the connection in the middle of the message: unavailable, retryable', async () => {
    const server = started(await startSmtpServer());
    server.refuseNext('drop');
    expectClassified(await failureOf(server.port), 'unavailable', true);
    expect(server.received).toEqual([]);
  });

  it('server reads the message and never answers: timeout, retryable', async () => {
    const server = started(await startSmtpServer());
    server.refuseNext('hang');
    expectClassified(await failureOf(server.port), 'timeout', true);
  });

  it('server accepts the connection and never greets: timeout, retryable', async () => {
    const silent = started(await startSilentServer());
    expectClassified(await failureOf(silent.port), 'timeout', true);
  });

  it('nothing listens on the port: unavailable, retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    expectClassified(await failureOf(port), 'unavailable', true);
  });

  const credentials = { user: 'consentry', pass: 'correct horse' };

  it('wrong password (535): auth, permanent', async () => {
    const server = started(await startSmtpServer({ security: 'starttls', credentials }));
    const settings = {
      security: 'starttls',
      auth: { ...credentials, pass: 'wrong' },
      tls: TRUST_TEST_CERT,
    } as const;
    expectClassified(await failureOf(server.port, settings), 'auth', false);
    expect(server.received).toEqual([]);
  });

  it('STARTTLS required but the server does not offer it: insecure-connection, permanent, nothing sent', async () => {
    const server = started(await startSmtpServer({ security: 'none' }));
    expectClassified(
      await failureOf(server.port, { security: 'starttls' }),
      'insecure-connection',
      false,
    );
    expect(server.received).toEqual([]);
  });

  it('a certificate nobody vouches for: insecure-connection, permanent', async () => {
    const server = started(await startSmtpServer({ security: 'tls' }));
    expectClassified(
      await failureOf(server.port, { security: 'tls' }),
      'insecure-connection',
      false,
    );
  });
});
