import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testHost, type TestHost } from './__fixtures__/testHost.js';
import { paths } from './paths.js';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
// In CI the browser story must run (a missing browser fails); elsewhere it may be skipped.
const story = available || process.env['CI'] ? describe : describe.skip;
const title =
  available || process.env['CI']
    ? 'browser: the holiday story'
    : `browser: the holiday story — skipped: ${CHROMIUM} not found (apt-get install chromium)`;

const ALICE = { nhsNumber: '9434765919', day: '15', month: '3', year: '1984' };
const screenshots = path.join(paths.templates, '..', '..', '..', '..', 'docs', 'screenshots');

story(title, () => {
  let host: TestHost;
  let browser: Browser;
  let base: string;
  let shot = 0;

  beforeAll(async () => {
    host = await testHost();
    base = `${host.base}/`;
    // Playwright gives every launch a fresh, temporary --user-data-dir of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(screenshots, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  const capture = async (page: Page, name: string): Promise<void> => {
    shot += 1;
    await page.screenshot({
      path: path.join(screenshots, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
  const newPage = async (): Promise<Page> => {
    const page = await (
      await browser.newContext({ viewport: { width: 1024, height: 768 } })
    ).newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };
  /** The newest code in the development outbox, as a person would read it there. */
  const codeFromOutbox = async (page: Page, name: string): Promise<string> => {
    await page.goto(`${base}dev/outbox`);
    await capture(page, name);
    return (await page.locator('[data-code]').first().innerText()).trim();
  };

  it('patient adds a mobile; Cornwall asks, gets the code, sees the record; patient stops sharing; Cornwall is refused', async () => {
    const alice = await newPage();
    await alice.goto(base);
    await capture(alice, 'start');
    await alice.getByRole('link', { name: 'I am a patient' }).click();
    await alice.getByLabel('NHS number').fill(ALICE.nhsNumber);
    await alice.getByLabel('Day').fill(ALICE.day);
    await alice.getByLabel('Month').fill(ALICE.month);
    await alice.getByLabel('Year').fill(ALICE.year);
    await capture(alice, 'patient-sign-in');
    await alice.getByRole('button', { name: 'Send me a code' }).click();
    await capture(alice, 'patient-enter-code');
    const outbox = await newPage();
    const signInCode = await codeFromOutbox(outbox, 'outbox-sign-in-code');
    await alice.getByLabel('Security code').fill(signInCode);
    await alice.getByRole('button', { name: 'Continue' }).click();
    await alice.getByRole('link', { name: 'Your contact details' }).click();
    await alice.getByLabel('UK mobile phone number').fill('07700 900123');
    await alice.getByLabel('By text message').check();
    await capture(alice, 'patient-contact-details');
    await alice.getByRole('button', { name: 'Save contact details' }).click();
    await alice.getByText('Your contact details have been saved').waitFor();
    await capture(alice, 'patient-home');

    const cornwall = await newPage();
    await cornwall.goto(`${base}staff/sign-in`);
    await cornwall.getByLabel('User name').fill('cornwall');
    await cornwall.getByLabel('Password', { exact: true }).fill('demo-password-1');
    await capture(cornwall, 'staff-sign-in');
    await cornwall.getByRole('button', { name: 'Sign in' }).click();
    await cornwall.getByLabel('NHS number').fill('943 476 5919');
    await capture(cornwall, 'organisation-find-patient');
    await cornwall.getByRole('button', { name: 'Find patient' }).click();
    await cornwall.getByLabel('Why are you caring for this patient?').fill('A&E attendance');
    await capture(cornwall, 'organisation-patient-no-care');
    await cornwall.getByRole('button', { name: 'Record care relationship' }).click();
    await capture(cornwall, 'organisation-patient-verify');
    await cornwall.getByRole('button', { name: 'Request access' }).click();
    await capture(cornwall, 'organisation-enter-code');
    const code = await codeFromOutbox(outbox, 'outbox-verification-code');
    expect(await outbox.getByText('Text message to +447700900123').count()).toBeGreaterThan(0);
    await cornwall.getByLabel('Security code').fill(code);
    await cornwall.getByRole('button', { name: 'Check code' }).click();
    await cornwall.getByText('the patient gave a security code').first().waitFor();
    await capture(cornwall, 'organisation-permitted');
    await cornwall.getByRole('button', { name: 'View the shared record' }).click();
    await cornwall.getByText('Asthma review').waitFor();
    expect(await cornwall.getByText('talking therapy').count()).toBe(0);
    await capture(cornwall, 'organisation-shared-record');

    await alice.getByRole('link', { name: 'Who has seen your record' }).click();
    await alice.getByRole('cell', { name: 'Cornwall Coast Hospital' }).waitFor();
    await capture(alice, 'patient-access-history');
    await alice.getByRole('link', { name: 'Your sharing choices' }).click();
    await capture(alice, 'patient-can-see-now');
    await alice.getByRole('button', { name: 'Stop sharing with Cornwall Coast Hospital' }).click();
    await alice.getByText('Cornwall Coast Hospital can no longer see your record').waitFor();
    await capture(alice, 'patient-stopped-sharing');

    await cornwall.goto(`${base}organisation/patients/${ALICE.nhsNumber}`);
    await cornwall.getByText('the patient has said no to sharing with your organisation').waitFor();
    expect(await cornwall.getByRole('button', { name: 'View the shared record' }).count()).toBe(0);
    await capture(cornwall, 'organisation-refused');
  }, 240_000);
});
