import { testHost, type Client, type TestHost } from '../__fixtures__/testHost.js';
import { eventCount } from '../__fixtures__/events.js';

// At the API's boundary a field the request does not have is refused, never dropped: a
// misspelt `until` would otherwise set a preference with no end, and a stray `patientId` or
// `setBy` must never reach the facade (api/define.ts). Path and query are cut to known keys.

const ALICE = '9434765919';
const preference = `/api/v1/patients/${ALICE}/sharing/preference`;

let host: TestHost;
let practice: Client;
beforeEach(async () => {
  host = await testHost();
  practice = host.client();
  await practice.signInStaff('practice');
});
afterEach(async () => {
  await host.close();
});

const problemOf = (body: string): { error?: string; field?: string } =>
  JSON.parse(body) as { error?: string; field?: string };

describe('a body field the request does not have', () => {
  it.each([
    [
      'a misspelt optional field',
      { preference: 'deny', untill: '2030-01-01T00:00:00.000Z' },
      'body.untill',
    ],
    ['another patient', { preference: 'deny', patientId: 'someone-else' }, 'body.patientId'],
    ['who set it', { preference: 'deny', setBy: 'patient' }, 'body.setBy'],
  ])('%s: 400 InvalidInput naming it, nothing appended', async (_what, body, field) => {
    const before = await eventCount(host.eventStore);

    const refused = await practice.api('PUT', preference, body);

    expect(refused.statusCode).toBe(400);
    expect(problemOf(refused.body)).toMatchObject({ error: 'InvalidInput', field });
    expect(await eventCount(host.eventStore)).toBe(before);
  });

  it('the same request without it is set', async () => {
    const before = await eventCount(host.eventStore);

    const set = await practice.api('PUT', preference, { preference: 'deny' });

    expect(set.statusCode).toBe(200);
    expect(await eventCount(host.eventStore)).toBeGreaterThan(before);
  });
});

describe('a query parameter the route does not read', () => {
  it('is left out, and the read answers', async () => {
    const read = await practice.api('GET', `/api/v1/patients/${ALICE}/sharing?cache=1`);

    expect(read.statusCode).toBe(200);
  });
});
