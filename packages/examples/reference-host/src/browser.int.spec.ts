import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testHost, type TestHost } from './__fixtures__/testHost.js';
import { paths } from './web/paths.js';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
// In CI the browser story must run (a missing browser fails); elsewhere it may be skipped.
const story = available || process.env['CI'] ? describe : describe.skip;
const title =
  available || process.env['CI']
    ? 'browser: the holiday story'
    : `browser: the holiday story — skipped: ${CHROMIUM} not found (apt-get install chromium)`;

const ALICE = { nhsNumber: '9434765919', day: '15', month: '3', year: '1984' };
const BOB = { nhsNumber: '9487234527' };
const CAROL = '9401404216';
const screenshots = path.join(paths.templates, '..', '..', '..', '..', 'docs', 'screenshots');
// axe-core, run inside each page through the DevTools protocol (so the page's own CSP, which
// the test also checks, need not be loosened to let it in).
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

story(title, () => {
  let host: TestHost;
  let browser: Browser;
  let base: string;
  let shot = 0;
  /** Serious or critical accessibility findings, and Content-Security-Policy refusals, on any page. */
  const problems: string[] = [];

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

  /** axe-core over the page as it is now: serious and critical violations are kept. */
  const checkAccessibility = async (page: Page, name: string): Promise<void> => {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
        .axe;
      return (await axe.run()).violations;
    });
    for (const v of violations as AxeViolation[])
      if (v.impact === 'serious' || v.impact === 'critical')
        problems.push(
          `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
  };
  const capture = async (page: Page, name: string): Promise<void> => {
    shot += 1;
    await page.screenshot({
      path: path.join(screenshots, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
    await checkAccessibility(page, name);
  };
  const newPage = async (): Promise<Page> => {
    const page = await (
      await browser.newContext({ viewport: { width: 1024, height: 768 } })
    ).newPage();
    page.setDefaultTimeout(10_000);
    // The NHS font cannot load on a machine without a network, but the policy must allow it.
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text()))
        problems.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  };
  const signInStaff = async (page: Page, username: string): Promise<void> => {
    await page.goto(`${base}staff/sign-in`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password', { exact: true }).fill('demo-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/staff/sign-in'));
  };
  const signInPatient = async (
    page: Page,
    outbox: Page,
    who: { nhsNumber: string; day: string; month: string; year: string },
  ): Promise<void> => {
    await page.goto(`${base}patient/sign-in`);
    await page.getByLabel('NHS number').fill(who.nhsNumber);
    await page.getByLabel('Day').fill(who.day);
    await page.getByLabel('Month').fill(who.month);
    await page.getByLabel('Year').fill(who.year);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await outbox.goto(`${base}dev/outbox`);
    const code = (await outbox.locator('[data-code]').first().innerText()).trim();
    await page.getByLabel('Security code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}patient`);
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

    // Time passes between the story's steps (the host's clock is the test's), so the
    // reviewer's timeline has something to draw.
    host.advance(15 * 60_000);
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

    host.advance(10 * 60_000);
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

  it('patient: both empty fields flagged, the sharing hint, one-step sign out, and why a private page sent her to the start', async () => {
    const alice = await newPage();
    const outbox = await newPage();
    await alice.goto(`${base}patient/sign-in`);
    await alice.getByRole('button', { name: 'Send me a code' }).click();
    await alice.getByRole('link', { name: 'Enter a valid 10 digit NHS number' }).waitFor();
    await alice.getByRole('link', { name: 'Enter your date of birth, like 15 3 1984' }).waitFor();
    await capture(alice, 'patient-sign-in-empty');
    await signInPatient(alice, outbox, ALICE);
    await alice.getByLabel('Which organisations').selectOption({
      label: 'Loughborough Urgent Care Centre',
    });
    await alice.getByRole('radio', { name: 'Share my record', exact: true }).check();
    await alice.getByRole('button', { name: 'Save choice' }).click();
    await alice.getByText('sharing starts when they do').waitFor();
    await capture(alice, 'patient-share-hint');
    // One step: the header's button signs out.
    await alice.getByRole('button', { name: 'Sign out' }).click();
    await alice.waitForURL(base);
    await alice.goto(`${base}patient/history`);
    await alice.getByText('You need to sign in to see that page').waitFor();
    expect(await alice.getByText('API description').count()).toBe(0);
    await capture(alice, 'signed-out-visit');
    expect(problems).toEqual([]);
  }, 120_000);

  it('staff: the code sent again, a locked code, the record reloaded, an emergency seen once, and the reviewer’s timeline', async () => {
    host.advance(60 * 60_000);
    const outbox = await newPage();
    const cornwall = await newPage();
    await signInStaff(cornwall, 'cornwall');
    await cornwall.goto(`${base}organisation/patients/${BOB.nhsNumber}`);
    await cornwall.getByLabel('Why are you caring for this patient?').fill('A&E attendance');
    await cornwall.getByRole('button', { name: 'Record care relationship' }).click();
    await cornwall.getByRole('button', { name: 'Request access' }).click();
    await cornwall.getByRole('button', { name: 'Send the code again' }).click();
    await cornwall.getByText('The same code has been sent to Bob Jones again').waitFor();
    await capture(cornwall, 'organisation-code-sent-again');
    await outbox.goto(`${base}dev/outbox`);
    const code = (await outbox.locator('[data-code]').first().innerText()).trim();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      await cornwall.getByLabel('Security code').fill(wrong);
      await cornwall.getByRole('button', { name: 'Check code' }).click();
    }
    await cornwall.getByText('The code was entered wrongly too many times').waitFor();
    expect(await cornwall.getByLabel('Security code').count()).toBe(0);
    await capture(cornwall, 'organisation-code-locked');
    await cornwall.getByRole('button', { name: 'Request access again' }).click();
    await outbox.goto(`${base}dev/outbox`);
    const fresh = (await outbox.locator('[data-code]').first().innerText()).trim();
    await cornwall.getByLabel('Security code').fill(fresh);
    await cornwall.getByRole('button', { name: 'Check code' }).click();
    await cornwall.getByRole('button', { name: 'View the shared record' }).click();
    await cornwall.getByRole('heading', { name: 'Shared record' }).waitFor();
    await cornwall.reload();
    await cornwall.getByRole('heading', { name: 'Shared record' }).waitFor();
    expect(await cornwall.getByText('This form has expired').count()).toBe(0);

    host.advance(90 * 60_000);
    const urgent = await newPage();
    await signInStaff(urgent, 'urgentcare');
    await urgent.goto(`${base}organisation/patients/${ALICE.nhsNumber}/emergency`);
    await urgent.getByRole('button', { name: 'Use emergency access' }).click();
    await urgent.getByRole('link', { name: 'Say why you need emergency access' }).waitFor();
    await capture(urgent, 'organisation-emergency-empty');
    await urgent.getByLabel('Why do you need the record now?').fill('Unconscious after a fall');
    await urgent.getByRole('button', { name: 'Use emergency access' }).click();
    await urgent.getByRole('button', { name: 'View the shared record' }).click();
    await urgent.getByRole('heading', { name: 'Shared record' }).waitFor();

    const alice = await newPage();
    await signInPatient(alice, outbox, ALICE);
    await alice.goto(`${base}patient/history`);
    await alice.getByText('They opened your record at').waitFor();
    expect(
      await alice.getByRole('cell', { name: /^Loughborough Urgent Care Centre/ }).count(),
    ).toBe(1);
    await capture(alice, 'patient-history-emergency-once');

    host.advance(60 * 60_000);
    const officer = await newPage();
    await signInStaff(officer, 'privacy');
    await officer.goto(`${base}alerts`);
    await officer.getByText('Urgent care clinician (urgentcare)').first().waitFor();
    await capture(officer, 'alerts');
    await officer
      .getByRole('link', { name: /Who could see Alice Smith’s record/ })
      .first()
      .click();
    await officer.getByRole('img', { name: /Who could see Alice Smith/ }).waitFor();
    await capture(officer, 'reviewer-timeline');

    const practice = await newPage();
    await signInStaff(practice, 'practice');
    await practice.goto(`${base}practice/patients/${CAROL}`);
    await practice.getByLabel('Ask the patient for a security code first').check();
    await practice.getByRole('button', { name: 'Record choice on the patient’s behalf' }).click();
    await practice.getByRole('link', { name: /a security code could never reach them/ }).waitFor();
    await capture(practice, 'practice-code-refused');

    // The pages not pictured above get the same accessibility check.
    for (const [page, url] of [
      [practice, 'practice'],
      [practice, 'practice/lists'],
      [practice, 'alerts'],
      [practice, 'sign-out'],
      [practice, 'no-such-page'],
      [cornwall, 'organisation'],
      [cornwall, `organisation/patients/${CAROL}`],
      [urgent, `organisation/patients/${ALICE.nhsNumber}/emergency`],
      [alice, 'patient'],
      [alice, 'patient/contact'],
    ] as const) {
      await page.goto(`${base}${url}`);
      await checkAccessibility(page, url);
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
