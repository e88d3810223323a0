import { testHost, type TestHost } from './__fixtures__/testHost.js';

const CAROL = '9401404216';
const ALICE = '9434765919';

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

describe('practice staff pages', () => {
  it('record contact details and a choice on a patient’s behalf, and keep the lists', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const page = `/practice/patients/${CAROL}`;
    expect((await practice.get(page)).body).toContain('Carol White');
    const bad = await practice.post(
      `${page}/contact`,
      { mobile: '12345', preferredChannel: 'sms' },
      { from: page },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#mobile"');
    expect(
      (
        await practice.post(
          `${page}/contact`,
          { mobile: '07700 900789', preferredChannel: 'sms' },
          { from: page },
        )
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await practice.post(
          `${page}/choices`,
          { preference: 'deny', organisationId: 'cornwall-hospital' },
          { from: page },
        )
      ).statusCode,
    ).toBe(303);
    const after = await practice.get(page);
    expect(after.body).toContain('Do not share the record (recorded by the practice)');
    expect(after.body).toContain('value="+447700900789"');

    expect(
      (
        await practice.post(
          '/practice/lists',
          { organisationId: 'leic-urgent-care', list: 'allowed' },
          { from: '/practice/lists' },
        )
      ).statusCode,
    ).toBe(303);
    expect(
      (await practice.api('GET', '/api/v1/practices/leic-practice/lists')).json(),
    ).toMatchObject({ allowed: ['leic-urgent-care'] });
    // Another practice's lists are not this account's to read.
    expect((await practice.api('GET', '/api/v1/practices/leic-hospital/lists')).statusCode).toBe(
      403,
    );
  });
});

describe('emergency access', () => {
  it('lets staff in with a justification, tells the patient, and raises an alert the privacy officer reviews', async () => {
    const urgent = host.client();
    await urgent.signInStaff('urgentcare');
    const page = `/organisation/patients/${ALICE}`;
    const empty = await urgent.post(
      `${page}/emergency`,
      { justification: '  ' },
      { from: `${page}/emergency` },
    );
    expect(empty.statusCode).toBe(400);
    const sentBefore = host.outbox.sent().length;
    expect(
      (
        await urgent.post(
          `${page}/emergency`,
          { justification: 'Unconscious after a fall' },
          { from: `${page}/emergency` },
        )
      ).statusCode,
    ).toBe(303);
    expect(host.outbox.sent().length).toBeGreaterThan(sentBefore);
    expect((await urgent.get(page)).body).toContain('emergency access');

    const officer = host.client();
    await officer.signInStaff('privacy');
    const alerts = await officer.get('/alerts');
    expect(alerts.body).toContain('Emergency access');
    expect(alerts.body).toContain('Loughborough Urgent Care Centre');
    const alertId = /action="\/alerts\/([^/]+)\/review"/.exec(alerts.body)?.[1];
    expect(alertId).toBeDefined();
    expect(
      (
        await officer.post(
          `/alerts/${alertId}/review`,
          { outcome: 'appropriate' },
          { from: '/alerts' },
        )
      ).statusCode,
    ).toBe(303);
    expect((await officer.get('/alerts')).body).toContain('There are no open alerts');
    // Staff of a care organisation do not review alerts.
    expect((await urgent.get('/alerts')).statusCode).toBe(403);
  });
});

describe('in-person answers', () => {
  it('record the answer a local patient gives, and then permit', async () => {
    const leicester = host.client();
    await leicester.signInStaff('leicester');
    const page = `/organisation/patients/${CAROL}`;
    expect(
      (await leicester.post(`${page}/care`, { reason: 'Outpatient clinic' }, { from: page }))
        .statusCode,
    ).toBe(303);
    expect((await leicester.get(page)).body).toContain(
      'Does the patient agree to share their record with you?',
    );
    expect(
      (await leicester.post(`${page}/in-person`, { answer: 'consent' }, { from: page })).statusCode,
    ).toBe(303);
    expect((await leicester.get(page)).body).toContain('View the shared record');
  });
});
