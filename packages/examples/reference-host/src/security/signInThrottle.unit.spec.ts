import { DEMO_PASSWORD } from '../demo/data.js';
import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { Browser } from './__fixtures__/browser.js';

const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

/** A browser on its own local address, as an attacker binding 127.0.0.x would use. */
let nextAddress = 2;
const fresh = (): Browser => new Browser(host.base, `127.0.0.${(nextAddress++ % 250) + 2}`);
const staffSignIn = (browser: Browser, username: string, password: string) =>
  browser.post('/staff/sign-in', { username, password });
const signedIn = (answer: { status: number; headers: Record<string, string> }) =>
  answer.status === 303 && answer.headers['location'] !== '/staff/sign-in';

/** Five wrong passwords for the account, each from a different address. */
const guessFiveTimes = async (username: string): Promise<void> => {
  for (let i = 0; i < 5; i++)
    expect((await staffSignIn(fresh(), username, `guess ${i}`)).status).toBe(401);
};

describe('staff sign-in is slowed per account, not per address', () => {
  it('after five failures from five addresses, a sixth address is made to wait, even with the right password', async () => {
    await guessFiveTimes('cornwall');
    const sixth = await staffSignIn(fresh(), 'cornwall', DEMO_PASSWORD);
    expect(sixth.status).toBe(429);
    expect(sixth.headers['retry-after']).toBe('30');
    expect(sixth.body).toContain('too many wrong attempts to sign in to this account');
    expect(sixth.headers['set-cookie'] ?? '').not.toMatch(/consentry_session=[^;]/);
    // Another account is not touched.
    expect(signedIn(await staffSignIn(fresh(), 'leicester', DEMO_PASSWORD))).toBe(true);
  });

  it('the wait doubles after each further failure, and the account opens again when it has passed', async () => {
    await guessFiveTimes('cornwall');
    host.advance(31_000);
    expect((await staffSignIn(fresh(), 'cornwall', 'guess 6')).status).toBe(401);
    const slowed = await staffSignIn(fresh(), 'cornwall', DEMO_PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.headers['retry-after']).toBe('60');
    host.advance(61_000);
    expect(signedIn(await staffSignIn(fresh(), 'cornwall', DEMO_PASSWORD))).toBe(true);
  });

  it('an account that does not exist is answered exactly like one that does', async () => {
    await guessFiveTimes('no-such-user');
    const sixth = await staffSignIn(fresh(), 'no-such-user', 'guess 6');
    expect(sixth.status).toBe(429);
    expect(sixth.headers['retry-after']).toBe('30');
  });

  it('the real user’s own browser still signs in during the attack: the attacker cannot lock them out', async () => {
    const usersBrowser = fresh();
    expect(signedIn(await staffSignIn(usersBrowser, 'cornwall', DEMO_PASSWORD))).toBe(true);
    expect(usersBrowser.cookies.has('consentry_device')).toBe(true);
    await usersBrowser.post('/sign-out', {}, '/sign-out');
    await guessFiveTimes('cornwall');
    for (let i = 0; i < 5; i++) await staffSignIn(fresh(), 'cornwall', `more ${i}`);
    expect((await staffSignIn(fresh(), 'cornwall', DEMO_PASSWORD)).status).toBe(429);
    // Same user, same browser, the attack still going on: admitted, and signed in.
    expect(signedIn(await staffSignIn(usersBrowser, 'cornwall', DEMO_PASSWORD))).toBe(true);
  });

  it('a device cookie is trusted only for its own account, only with its signature, and only until it fails five times', async () => {
    const browser = fresh();
    expect(signedIn(await staffSignIn(browser, 'leicester', DEMO_PASSWORD))).toBe(true);
    await browser.post('/sign-out', {}, '/sign-out');
    await guessFiveTimes('cornwall');
    // Leicester's device cookie does not help with Cornwall's account.
    expect((await staffSignIn(browser, 'cornwall', DEMO_PASSWORD)).status).toBe(429);
    // With Leicester's own budget used up, a cookie whose signature was changed is no
    // device cookie at all; the real one still is.
    await guessFiveTimes('leicester');
    const forged = fresh();
    forged.cookies.set('consentry_device', `${browser.cookies.get('consentry_device')!}x`);
    expect((await staffSignIn(forged, 'leicester', DEMO_PASSWORD)).status).toBe(429);
    expect(signedIn(await staffSignIn(browser, 'leicester', DEMO_PASSWORD))).toBe(true);
    await browser.post('/sign-out', {}, '/sign-out');

    // A stolen trusted browser gets five guesses of its own, then joins the slowed crowd.
    for (let i = 0; i < 5; i++)
      expect((await staffSignIn(browser, 'leicester', `wrong ${i}`)).status).toBe(401);
    expect((await staffSignIn(browser, 'leicester', DEMO_PASSWORD)).status).toBe(429);
  });
});

describe('patient sign-in is slowed per NHS number', () => {
  const patientSignIn = (browser: Browser, dateOfBirth: string) => {
    const [year, month, day] = dateOfBirth.split('-') as [string, string, string];
    return browser.post('/patient/sign-in', {
      nhsNumber: ALICE.nhsNumber,
      'dateOfBirth[day]': day,
      'dateOfBirth[month]': month,
      'dateOfBirth[year]': year,
    });
  };

  it('guessing a date of birth from many addresses is slowed, sends no code, and Alice’s own browser still gets in', async () => {
    // Alice signed in from her phone last week.
    const alicesPhone = fresh();
    expect((await patientSignIn(alicesPhone, ALICE.dateOfBirth)).status).toBe(303);
    const code = host.outbox.lastCodeFor(ALICE.email)!;
    expect(
      (await alicesPhone.post('/patient/sign-in/code', { code }, '/patient/sign-in/code')).status,
    ).toBe(303);
    expect(alicesPhone.cookies.has('consentry_device')).toBe(true);
    await alicesPhone.post('/sign-out', {}, '/sign-out');
    const sent = host.outbox.sent().length;

    for (let day = 1; day <= 5; day++)
      expect((await patientSignIn(fresh(), `1984-03-0${day}`)).status).toBe(401);
    const sixth = await patientSignIn(fresh(), ALICE.dateOfBirth);
    expect(sixth.status).toBe(429);
    expect(sixth.headers['retry-after']).toBe('30');
    expect(host.outbox.sent().length).toBe(sent);

    expect((await patientSignIn(alicesPhone, ALICE.dateOfBirth)).status).toBe(303);
    expect(host.outbox.sent().length).toBe(sent + 1);
  });
});
