import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkNotifyToken } from './jwt.js';

export interface FakeTemplate {
  readonly type: 'sms' | 'email';
  readonly subject?: string;
  /** Notify-style body with ((placeholders)). */
  readonly body: string;
}

/** What the fake accepted, rendered as Notify would render it. */
export interface FakeNotification {
  readonly id: string;
  readonly type: 'sms' | 'email';
  readonly to: string;
  readonly templateId: string;
  readonly subject: string | undefined;
  readonly body: string;
  readonly reference: string | undefined;
  readonly personalisation: Readonly<Record<string, string>>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export type ScriptedAnswer =
  { readonly status: number; readonly error: string; readonly message: string } | 'hang';

export interface FakeNotify {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly notifications: FakeNotification[];
  readonly requests: RecordedRequest[];
  /** The next request gets this answer (after its token is checked) instead of being sent. */
  answerNext(answer: ScriptedAnswer): void;
  close(): Promise<void>;
}

const UK_MOBILE = /^(\+44|0044|0)7\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const reply = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const notifyError = (res: ServerResponse, status: number, error: string, message: string): void =>
  reply(res, status, { status_code: status, errors: [{ error, message }] });

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
};

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\(\(([^)]+)\)\)/g)].map((m) => m[1] ?? '');
const render = (text: string, values: Readonly<Record<string, string>>): string =>
  text.replace(/\(\(([^)]+)\)\)/g, (_, name: string) => values[name] ?? '');

const TOKEN_MESSAGES = {
  missing: 'Unauthorized: authentication token must be provided',
  malformed: 'Invalid token: signature, api token not found',
  'bad-signature': 'Invalid token: signature, api token not found',
  'wrong-issuer': 'Invalid token: service not found',
  stale: 'Error: Your system clock must be accurate to within 30 seconds',
} as const;

interface SendBody {
  template_id?: unknown;
  phone_number?: unknown;
  email_address?: unknown;
  personalisation?: Record<string, string>;
  reference?: unknown;
}

type Refusal = { status: number; error: string; message: string };
const refusal = (error: string, message: string): Refusal => ({ status: 400, error, message });

const RECIPIENT_RULES = {
  sms: { field: 'phone_number', pattern: UK_MOBILE, problem: 'Not a UK mobile number' },
  email: { field: 'email_address', pattern: EMAIL, problem: 'Not a valid email address' },
} as const;

const recipientOf = (type: 'sms' | 'email', body: SendBody): string | Refusal => {
  const rule = RECIPIENT_RULES[type];
  const to = body[rule.field];
  return typeof to === 'string' && rule.pattern.test(to)
    ? to
    : refusal('ValidationError', `${rule.field} ${rule.problem}`);
};

/**
 * Validates a send the way Notify's API does and either records it or says why not,
 * in Notify's own words and error shape.
 */
const accept = (
  type: 'sms' | 'email',
  body: SendBody,
  templates: Readonly<Record<string, FakeTemplate>>,
): FakeNotification | Refusal => {
  if (typeof body.template_id !== 'string') {
    return refusal('ValidationError', 'template_id is a required property');
  }
  const to = recipientOf(type, body);
  if (typeof to !== 'string') return to;
  const template = templates[body.template_id];
  if (template === undefined || template.type !== type) {
    return refusal('BadRequestError', 'Template not found');
  }
  const values = body.personalisation ?? {};
  const missing = placeholders(`${template.subject ?? ''} ${template.body}`).filter(
    (p) => values[p] === undefined,
  );
  if (missing.length > 0) {
    return refusal('BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
  }
  return {
    id: randomUUID(),
    type,
    to,
    templateId: body.template_id,
    subject: template.subject === undefined ? undefined : render(template.subject, values),
    body: render(template.body, values),
    reference: typeof body.reference === 'string' ? body.reference : undefined,
    personalisation: values,
  };
};

const successBody = (n: FakeNotification, baseUrl: string) => ({
  id: n.id,
  reference: n.reference ?? null,
  content:
    n.type === 'sms'
      ? { body: n.body, from_number: 'CONSENTRY' }
      : { body: n.body, subject: n.subject, from_email: 'consentry@notifications.service.gov.uk' },
  uri: `${baseUrl}/v2/notifications/${n.id}`,
  template: { id: n.templateId, version: 1, uri: `${baseUrl}/v2/template/${n.templateId}` },
});

const SEND_PATHS: Readonly<Record<string, 'sms' | 'email'>> = {
  '/v2/notifications/sms': 'sms',
  '/v2/notifications/email': 'email',
};

/** A local stand-in for the GOV.UK Notify API (POST /v2/notifications/sms and /email) on 127.0.0.1. */
export const startFakeNotify = async (
  templates: Readonly<Record<string, FakeTemplate>>,
): Promise<FakeNotify> => {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const notifications: FakeNotification[] = [];
  const requests: RecordedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJson(req);
    const path = req.url ?? '';
    requests.push({ method: req.method ?? '', path, body });
    const problem = checkNotifyToken(req.headers.authorization, {
      serviceId,
      secret,
      nowSeconds: Date.now() / 1000,
    });
    if (problem !== undefined) return notifyError(res, 403, 'AuthError', TOKEN_MESSAGES[problem]);
    const type = SEND_PATHS[path];
    if (req.method !== 'POST' || type === undefined)
      return notifyError(res, 404, 'NotFound', 'Not Found');
    const answer = answers.shift();
    if (answer === 'hang') return; // never answers; the client's timeout must end it
    if (answer !== undefined) return notifyError(res, answer.status, answer.error, answer.message);
    if (typeof body !== 'object' || body === null)
      return notifyError(res, 400, 'BadRequestError', 'Invalid JSON supplied in POST data');
    const outcome = accept(type, body, templates);
    if (!('id' in outcome)) return notifyError(res, outcome.status, outcome.error, outcome.message);
    notifications.push(outcome);
    reply(res, 201, successBody(outcome, baseUrl));
  };

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    apiKey: `consentry_test-${serviceId}-${secret}`,
    notifications,
    requests,
    answerNext: (answer) => void answers.push(answer),
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
};
