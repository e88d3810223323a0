import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { hostMetrics } from './registry.js';

const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };
const BOB = { nhsNumber: '9487234527', dateOfBirth: '1950-11-02', mobile: '+447700900456' };
const METRICS_TOKEN = 'metrics-token-of-the-test-prometheus-000';
const API_ONLY_TOKEN = 'api-token-of-the-test-ward-system-000000';

let host: TestHost;
beforeEach(async () => {
  host = await testHost({ metrics: hostMetrics({ defaults: false }) });
  await host.hostDb.addApiToken(METRICS_TOKEN, {
    organisationId: 'leic-hospital',
    label: 'prometheus',
    scopes: ['metrics'],
  });
  await host.hostDb.addApiToken(API_ONLY_TOKEN, {
    organisationId: 'leic-hospital',
    label: 'ward system',
    scopes: ['api'],
  });
});
afterEach(async () => {
  await host.close();
});

const scrape = async (): Promise<string> => {
  const response = await host.request('GET', '/metrics', {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
  expect(response.headers['cache-control']).toBe('no-store');
  return response.body;
};

/** The value of one series, or 0 when it was never counted. */
const value = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe('/metrics after the holiday story', () => {
  it('counts commands, decisions, codes, messages, store calls and HTTP answers', async () => {
    // Cornwall asks for Alice's record, gets one code wrong and the next right, then checks.
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    await cornwall.api('POST', `/api/v1/patients/${ALICE.nhsNumber}/care-relationship`, {
      selfClaimed: true,
      reason: 'A&E attendance',
    });
    const asked = await cornwall.api('POST', '/api/v1/access-requests', {
      nhsNumber: ALICE.nhsNumber,
    });
    const { requestId } = asked.json<{ requestId: string }>();
    const code = host.outbox.lastCodeFor(ALICE.email)!;
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      (await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, { code: wrong }))
        .statusCode,
    ).toBe(422);
    expect(
      (await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, { code }))
        .statusCode,
    ).toBe(200);
    await cornwall.api('GET', `/api/v1/access-check?patient=${ALICE.nhsNumber}`);
    // Bob signs in with a code sent to his mobile.
    await host.client().signInPatient(host.outbox, BOB.nhsNumber, BOB.dateOfBirth, BOB.mobile);

    const text = await scrape();
    const series = (name: string) => value(text, name);
    expect(series('consentry_commands_total{command="startCare",result="ok"}')).toBe(1);
    expect(series('consentry_commands_total{command="requestAccess",result="ok"}')).toBe(1);
    expect(series('consentry_commands_total{command="enterCode",result="ok"}')).toBe(1);
    expect(series('consentry_commands_total{command="enterCode",result="CodeRejected"}')).toBe(1);
    expect(series('consentry_command_duration_seconds_count{command="enterCode"}')).toBe(2);
    expect(series('consentry_decisions_total{operation="requestAccess",outcome="verify"}')).toBe(1);
    expect(series('consentry_decisions_total{operation="enterCode",outcome="permit"}')).toBe(1);
    expect(series('consentry_decisions_total{operation="checkAccess",outcome="permit"}')).toBe(1);
    expect(series('consentry_codes_issued_total{kind="verification",channel="email"}')).toBe(1);
    expect(series('consentry_codes_issued_total{kind="sign-in",channel="sms"}')).toBe(1);
    // Alice was e-mailed her code, asked on her portal, and e-mailed that her consent was
    // recorded; Bob got his sign-in code by SMS (sent by the host, not the reactor).
    expect(series('consentry_messages_total{channel="email",result="sent"}')).toBe(2);
    expect(series('consentry_messages_total{channel="portal",result="sent"}')).toBe(1);
    expect(series('consentry_messages_total{channel="sms",result="sent"}')).toBe(1);
    expect(text).not.toContain('result="failed"');
    // One lag per message the reactor recorded.
    expect(series('consentry_notification_lag_seconds_count')).toBe(3);
    expect(series('consentry_store_append_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(
      series('consentry_store_read_duration_seconds_count{operation="readStream"}') +
        series('consentry_store_read_duration_seconds_count{operation="aggregateStream"}'),
    ).toBeGreaterThan(0);
    expect(
      series(
        'consentry_http_requests_total{method="POST",route="/api/v1/access-requests/:requestId/code",status="422"}',
      ),
    ).toBe(1);
    expect(
      series(
        'consentry_http_requests_total{method="POST",route="/api/v1/access-requests",status="201"}',
      ),
    ).toBe(1);
    expect(
      series('consentry_http_requests_total{method="POST",route="/patient/sign-in",status="303"}'),
    ).toBe(1);

    // No label holds an NHS number, a code, a phone number, an e-mail address or a request id.
    for (const secret of [ALICE.nhsNumber, BOB.nhsNumber, code, ALICE.email, BOB.mobile, requestId])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"\d{6,}"/);
  });
});

describe('who may read /metrics', () => {
  it('refuses no token, a token without the metrics scope, and a signed-in session', async () => {
    const anonymous = await host.request('GET', '/metrics');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(anonymous.body).not.toContain('consentry_');

    const apiOnly = await host.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${API_ONLY_TOKEN}` },
    });
    expect(apiOnly.statusCode).toBe(403);
    expect(apiOnly.body).not.toContain('consentry_');

    const unknown = await host.request('GET', '/metrics', {
      headers: { authorization: 'Bearer not-a-token-anyone-was-ever-given-000' },
    });
    expect(unknown.statusCode).toBe(401);

    const privacy = host.client();
    await privacy.signInStaff('privacy');
    const session = await privacy.get('/metrics');
    expect(session.statusCode).toBe(401);
    expect(session.body).not.toContain('consentry_');
  });

  it('a metrics token cannot act on the API', async () => {
    const refused = await host.request('GET', '/api/v1/challenges', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ detail: 'This token does not have the "api" scope.' });
  });

  it('a revoked metrics token is refused at once', async () => {
    const token = (await host.hostDb.listApiTokens()).find((t) => t.label === 'prometheus')!;
    expect(await host.hostDb.revokeApiToken(token.tokenId, Date.now())).toBe('revoked');
    const refused = await host.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(refused.statusCode).toBe(401);
  });
});
