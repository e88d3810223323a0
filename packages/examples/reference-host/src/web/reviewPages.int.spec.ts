import { testHost, type TestHost } from '../__fixtures__/testHost.js';

const ALICE = '9434765919';

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

describe('reviewers: alerts and the timeline', () => {
  it('an alert names the patient and the member of staff, and links to who could see the record, drawn, with the rule trail', async () => {
    const urgent = host.client();
    await urgent.signInStaff('urgentcare');
    const page = `/organisation/patients/${ALICE}`;
    host.advance(60_000);
    await urgent.post(
      `${page}/emergency`,
      { justification: 'Unconscious after a fall' },
      { from: `${page}/emergency` },
    );
    host.advance(60_000);
    await urgent.post(`${page}/record`, {}, { from: page });
    host.advance(60_000);

    const officer = host.client();
    await officer.signInStaff('privacy');
    const alerts = (await officer.get('/alerts')).body;
    expect(alerts).toContain('Alice Smith, NHS number 943 476 5919');
    expect(alerts).toContain('Urgent care clinician (urgentcare), Loughborough Urgent Care Centre');
    const link = /href="(\/alerts\/patients\/9434765919\?from=[0-9-]+)"/.exec(alerts)?.[1];
    expect(link).toBeDefined();

    const review = await officer.get(link!.replace(/&amp;/g, '&'));
    expect(review.statusCode).toBe(200);
    expect(review.body).toMatch(/<svg [^>]*role="img"/);
    expect(review.body).toContain(
      'Loughborough Urgent Care Centre: emergency access: Unconscious after a fall',
    );
    expect(review.body).toContain('Loughborough Urgent Care Centre: record opened');
    expect(review.body).toContain('Rule trail');
    expect(review.body).toContain('Urgent care clinician (urgentcare)');
    expect(review.body).not.toContain('<script>');

    // An auditor reads it too; a bad period is an error on the form, not a picture.
    const auditor = host.client();
    await auditor.signInStaff('auditor');
    expect((await auditor.get(`/alerts/patients/${ALICE}`)).statusCode).toBe(200);
    const bad = await auditor.get(`/alerts/patients/${ALICE}?from=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a date like 2026-07-01');
    expect(bad.body).not.toContain('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760');
  });

  it('is not for the staff of a care organisation, nor another practice’s patients', async () => {
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    expect((await cornwall.get(`/alerts/patients/${ALICE}`)).statusCode).toBe(403);
    const alice = host.client();
    await alice.signInPatient(host.outbox, ALICE, '1984-03-15', 'alice@example.org');
    expect((await alice.get(`/alerts/patients/${ALICE}`)).statusCode).toBe(403);
  });
});
