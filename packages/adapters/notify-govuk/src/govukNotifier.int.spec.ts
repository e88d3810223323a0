import { createServer, type AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import type { MessageKind, NotifierError } from '@consentry/core';
import {
  ALL_MESSAGE_KINDS,
  notifierContract,
  sampleMessage,
  type DeliveredMessage,
} from '@consentry/core/testing';
import { notifyClient } from './client.js';
import {
  govukNotifier,
  oneTemplateForEveryKind,
  type GovukNotifierOptions,
  type NotifyTemplateIds,
} from './govukNotifier.js';
import { startFakeNotify, type FakeNotify, type FakeTemplate } from './__fixtures__/fakeNotify.js';

const TIMEOUT_MS = 500;

// Generic templates: Notify renders ((subject)) and ((body)) from the text the reactor rendered.
const genericIds = (channel: 'sms' | 'email'): NotifyTemplateIds =>
  Object.fromEntries(ALL_MESSAGE_KINDS.map((k) => [k, `${channel}-${k}`])) as Record<
    MessageKind,
    string
  >;
const genericTemplates = (): Record<string, FakeTemplate> =>
  Object.fromEntries(
    (['sms', 'email'] as const).flatMap((type) =>
      ALL_MESSAGE_KINDS.map((k) => [
        `${type}-${k}`,
        type === 'sms'
          ? { type, body: '((body))' }
          : { type, subject: '((subject))', body: '((body))' },
      ]),
    ),
  );

const asDelivered = (fake: FakeNotify) => (): Promise<readonly DeliveredMessage[]> =>
  Promise.resolve(
    fake.notifications.map((n) => ({
      channel: n.type,
      to: n.to,
      subject: n.subject,
      body: n.body,
      reference: n.reference,
    })),
  );

const harness = async (templates: GovukNotifierOptions['templates']) => {
  const fake = await startFakeNotify(genericTemplates());
  const client = notifyClient({
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    timeoutMs: TIMEOUT_MS,
  });
  return {
    notifier: govukNotifier(client, { templates, sendRenderedText: true }),
    delivered: asDelivered(fake),
    failNext: (kind: 'permanent' | 'transient') =>
      fake.answerNext(
        kind === 'permanent'
          ? {
              status: 400,
              error: 'BadRequestError',
              message: "Can't send to this recipient using a team-only API key",
            }
          : { status: 500, error: 'Exception', message: 'Internal server error' },
      ),
    teardown: () => fake.close(),
  };
};

notifierContract('govukNotifier against a local Notify API (sms and e-mail)', () =>
  harness({ sms: genericIds('sms'), email: genericIds('email') }),
);
notifierContract('govukNotifier against a local Notify API (sms only)', () =>
  harness({ sms: genericIds('sms') }),
);

// Real-looking templates with their own placeholders, as a service would set them up in Notify.
const CODE_TEMPLATE = {
  type: 'sms',
  body: 'Your Consentry security code is ((code)). It expires in 10 minutes.',
} as const;
const fakes: FakeNotify[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
const started = async (templates: Record<string, FakeTemplate> = { 'code-sms': CODE_TEMPLATE }) => {
  const fake = await startFakeNotify(templates);
  fakes.push(fake);
  return fake;
};
const templatesFor = (smsCode: string): GovukNotifierOptions['templates'] => ({
  sms: { ...genericIds('sms'), 'verification-code': smsCode },
});

describe('govukNotifier: the request Notify receives', () => {
  it('posts to /v2/notifications/sms a signed request with the template, number, personalisation and reference', async () => {
    const fake = await started();
    const notifier = govukNotifier(notifyClient({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }), {
      templates: templatesFor('code-sms'),
    });
    const message = sampleMessage('verification-code', 'sms');
    const result = await notifier.send(message)();

    // The fake answered 201, so it found the token signed with the key's secret, for this service, and fresh.
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: '/v2/notifications/sms',
        body: {
          template_id: 'code-sms',
          phone_number: '+447700900123',
          personalisation: { code: '314159' },
          reference: message.reference,
        },
      },
    ]);
    expect(fake.notifications[0]?.body).toBe(
      'Your Consentry security code is 314159. It expires in 10 minutes.',
    );
    expect(result).toEqual(
      E.right({ providerMessageId: fake.notifications[0]?.id, channel: 'sms' }),
    );
  });

  it('posts e-mail to /v2/notifications/email with email_address', async () => {
    const fake = await started({
      'email-any': { type: 'email', subject: 'Your security code', body: 'Code: ((code))' },
    });
    const notifier = govukNotifier(notifyClient({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }), {
      templates: { email: oneTemplateForEveryKind('email-any') },
    });
    await notifier.send(sampleMessage('sign-in-code', 'email', { to: 'bob@example.org' }))();
    expect(fake.requests[0]).toMatchObject({
      path: '/v2/notifications/email',
      body: {
        template_id: 'email-any',
        email_address: 'bob@example.org',
        personalisation: { code: '314159' },
      },
    });
  });
});

const timings: string[] = [];
afterAll(() => process.stdout.write(`govuk failure classification times: ${timings.join(', ')}\n`));

const failureOf = async (
  fake: { apiKey: string; baseUrl: string },
  templateId = 'code-sms',
): Promise<NotifierError> => {
  const client = notifyClient({
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    timeoutMs: TIMEOUT_MS,
  });
  const notifier = govukNotifier(client, { templates: templatesFor(templateId) });
  const began = performance.now();
  const result = await notifier.send(sampleMessage('verification-code', 'sms'))();
  if (E.isRight(result)) throw new Error('expected the send to fail');
  timings.push(`${result.left.reason} ${Math.round(performance.now() - began)}ms`);
  return result.left;
};

describe('govukNotifier: each Notify error is classified', () => {
  it.each([
    [400, 'ValidationError', 'phone_number Not a UK mobile number', 'invalid-recipient', false],
    [400, 'ValidationError', 'email_address Not a valid email address', 'invalid-recipient', false],
    [
      400,
      'BadRequestError',
      "Can't send to this recipient when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode",
      'rejected',
      false,
    ],
    [403, 'AuthError', 'Invalid token: API key not found', 'auth', false],
    [
      429,
      'RateLimitError',
      'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
      'rate-limited',
      true,
    ],
    [429, 'TooManyRequestsError', 'Exceeded send limits (250000) for today', 'rate-limited', true],
    [500, 'Exception', 'Internal server error', 'unavailable', true],
  ])('%i %s "%s" → %s (retryable: %s)', async (status, error, message, reason, retryable) => {
    const fake = await started();
    fake.answerNext({ status, error, message });
    expect(await failureOf(fake)).toMatchObject({
      reason,
      retryable,
      message: expect.stringContaining(message) as unknown,
    });
    expect(fake.notifications).toEqual([]);
  });

  it('a template that needs personalisation we did not send: Notify says 400 Missing personalisation → rejected', async () => {
    const fake = await started({
      'needs-name': { type: 'sms', body: 'Hello ((name)), your code is ((code))' },
    });
    expect(await failureOf(fake, 'needs-name')).toMatchObject({
      reason: 'rejected',
      message: expect.stringContaining('Missing personalisation: name') as unknown,
    });
  });

  it('a key with the wrong secret: Notify rejects the JWT signature with 403 → auth, permanent', async () => {
    const fake = await started();
    const forged = fake.apiKey.replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      '00000000-0000-4000-8000-000000000000',
    );
    expect(await failureOf({ ...fake, apiKey: forged })).toMatchObject({
      reason: 'auth',
      retryable: false,
      message: expect.stringContaining('Invalid token') as unknown,
    });
  });

  it('a key for another service: the JWT issuer does not match → auth', async () => {
    const fake = await started();
    const other = fake.apiKey.replace(/-[0-9a-f-]{36}-/, '-11111111-1111-4111-8111-111111111111-');
    expect(await failureOf({ ...fake, apiKey: other })).toMatchObject({
      reason: 'auth',
      message: expect.stringContaining('service not found') as unknown,
    });
  });

  it('Notify accepts the connection and never answers → timeout, retryable', async () => {
    const fake = await started();
    fake.answerNext('hang');
    expect(await failureOf(fake)).toMatchObject({ reason: 'timeout', retryable: true });
  });

  it('nothing listens at the base URL → unavailable, retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const fake = await started();
    expect(
      await failureOf({ apiKey: fake.apiKey, baseUrl: `http://127.0.0.1:${port}` }),
    ).toMatchObject({
      reason: 'unavailable',
      retryable: true,
    });
  });
});
