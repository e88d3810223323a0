import { testHost, type TestHost } from './__fixtures__/testHost.js';

const ALICE = {
  nhsNumber: '9434765919',
  dateOfBirth: '1984-03-15',
  email: 'alice@example.org',
  mobile: '+447700900123',
};

let host: TestHost;
beforeAll(async () => {
  host = await testHost();
});
afterAll(async () => {
  await host.close();
});

describe('the log of a whole holiday story', () => {
  it('holds no code, phone number, e-mail address or NHS number', async () => {
    const secrets: string[] = [
      ALICE.email,
      ALICE.mobile,
      '07700 900123',
      '07700900123',
      ALICE.nhsNumber,
      '943 476 5919',
    ];

    const alice = host.client();
    await alice.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
    secrets.push(host.outbox.lastCodeFor(ALICE.email)!);
    expect(
      (
        await alice.post(
          '/patient/contact',
          { mobile: '07700 900123', email: ALICE.email, preferredChannel: 'sms' },
          { from: '/patient/contact' },
        )
      ).statusCode,
    ).toBe(303);

    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    expect((await cornwall.get(`/organisation?nhsNumber=${ALICE.nhsNumber}`)).statusCode).toBe(303);
    const page = `/organisation/patients/${ALICE.nhsNumber}`;
    expect(
      (await cornwall.post(`${page}/care`, { reason: 'on holiday' }, { from: page })).statusCode,
    ).toBe(303);
    expect((await cornwall.post(`${page}/request`, {}, { from: page })).statusCode).toBe(303);
    const code = host.outbox.lastCodeFor(ALICE.mobile)!;
    secrets.push(code);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    secrets.push(wrong);
    expect(
      (await cornwall.post(`${page}/code`, { code: wrong }, { from: `${page}/code` })).statusCode,
    ).toBe(422);
    expect(
      (await cornwall.post(`${page}/code`, { code }, { from: `${page}/code` })).statusCode,
    ).toBe(303);
    await cornwall.post(`${page}/record`, {}, { from: page });
    const record = await cornwall.get(`${page}/record`);
    expect(record.body).toContain('Asthma review');
    expect(
      (await cornwall.api('GET', `/api/v1/access-check?patient=${ALICE.nhsNumber}`)).json(),
    ).toMatchObject({ outcome: 'permit' });

    const history = await alice.get('/patient/history');
    expect(history.body).toContain('Cornwall Coast Hospital');
    expect(
      (await alice.post('/patient/stop-sharing/cornwall-hospital', {}, { from: '/patient' }))
        .statusCode,
    ).toBe(303);
    expect(
      (await cornwall.api('GET', `/api/v1/access-check?patient=${ALICE.nhsNumber}`)).json(),
    ).toMatchObject({
      outcome: 'deny',
      reason: 'patient-dissent',
    });
    expect(
      (await cornwall.api('GET', '/api/v1/access-check?patient=not-a-number')).statusCode,
    ).toBe(400);

    const log = host.logs.join('');
    expect(log).toContain('"route":"/organisation/patients/:nhsNumber/code"');
    expect(log).toContain('"route":"/api/v1/access-check"');
    // A leaked code stands alone; digits inside timestamps and durations are not leaks.
    const leaked = (secret: string): boolean =>
      /^\d{6}$/.test(secret)
        ? new RegExp(`(?<![\\d.])${secret}(?![\\d.])`).test(log)
        : log.includes(secret);
    for (const secret of secrets)
      expect({ secret, found: leaked(secret) }).toEqual({ secret, found: false });
  });
});
