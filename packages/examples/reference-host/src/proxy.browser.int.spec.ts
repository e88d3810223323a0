import { expectRight } from '@consentry/core/testing';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testHost, type TestHost } from './__fixtures__/testHost.js';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
const story = available || process.env['CI'] ? describe : describe.skip;

const LILY = { nhsNumber: '4010232137', name: 'Lily Smith' };

/**
 * Issue 21 (docs/reference-host.md, "Proxies"): the practice records Sam as Lily's parent; Sam
 * signs in as himself with a code sent to his own mobile, acts for Lily, approves Cornwall's
 * request online; Lily's history says Sam did it, and the events are recorded as by the proxy.
 */
story('browser: a parent acts for their child', () => {
  let host: TestHost;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    host = await testHost();
    base = `${host.base}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  const newPage = async (): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };

  it('the practice grants, the parent signs in as themself, approves online for the child, and the history shows the parent did it', async () => {
    const c = host.consentry;
    const practiceActor = {
      actor: { kind: 'practice-staff', id: 'pm-1', organisationId: 'leic-practice' },
    } as const;
    const registered = await expectRight(
      c.registerPatient(
        {
          nhsNumber: LILY.nhsNumber,
          name: LILY.name,
          dateOfBirth: '2012-03-10',
          homeArea: 'leicestershire',
          practiceId: 'leic-practice',
        },
        practiceActor,
      ),
    );
    const lily = registered.patientId;
    await expectRight(c.enrolPortal({ patientId: lily }, practiceActor));

    const practice = await newPage();
    await practice.goto(`${base}staff/sign-in`);
    await practice.getByLabel('User name').fill('practice');
    await practice.getByLabel('Password', { exact: true }).fill('demo-password-1');
    await practice.getByRole('button', { name: 'Sign in' }).click();
    await practice.goto(`${base}practice/patients/${LILY.nhsNumber}/proxies`);
    await practice.getByLabel('Proxy id').fill('sam');
    await practice.getByLabel('Relationship').selectOption('parent');
    await practice.getByLabel('Evidence checked (reference)').fill('birth certificate BC-1');
    await practice.getByLabel('Proxy’s own UK mobile phone number').fill('07700 900456');
    await practice.getByRole('button', { name: 'Grant proxy access' }).click();
    await practice.getByText('sam may now act for the patient').waitFor();
    await practice.getByRole('cell', { name: 'In force' }).waitFor();

    // Cornwall cares for Lily and asks: a request waits in her portal.
    await expectRight(
      c.startCare(
        { patientId: lily, organisationId: 'cornwall-hospital' },
        { actor: { kind: 'organisation-system', id: 'feed', organisationId: 'cornwall-hospital' } },
      ),
    );
    const asked = await expectRight(
      c.requestAccess(
        { patientId: lily, organisationId: 'cornwall-hospital' },
        {
          actor: { kind: 'organisation-staff', id: 'dr-kemp', organisationId: 'cornwall-hospital' },
        },
      ),
    );
    expect(asked.outcome).toBe('verify');

    const sam = await newPage();
    await sam.goto(`${base}proxy/sign-in`);
    await sam.getByLabel('Your proxy id').fill('sam');
    await sam.getByLabel('NHS number of the person you act for').fill(LILY.nhsNumber);
    await sam.getByRole('button', { name: 'Send me a code' }).click();
    await sam.getByLabel('Security code').waitFor();
    // The code went to Sam's own mobile, not to Lily (who has no phone).
    const code = host.outbox
      .messagesTo('+447700900456')
      .filter((m) => m.kind === 'sign-in-code')
      .at(-1)?.personalisation['code'];
    expect(code).toBeDefined();
    await sam.getByLabel('Security code').fill(code!);
    await sam.getByRole('button', { name: 'Continue' }).click();
    await sam.getByText(`You are acting for ${LILY.name}`).waitFor();
    await sam.getByRole('button', { name: /^Approve the request from / }).click();
    await sam.getByText('You approved the request').waitFor();
    await sam.getByText(`You are acting for ${LILY.name}`).waitFor();
    await sam.getByRole('cell', { name: 'OnlineApprovalGiven (Cornwall' }).waitFor();

    const history = await expectRight(c.accessHistory({ patientId: lily }));
    expect(history.byProxy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ proxyId: 'sam', what: 'OnlineApprovalGiven' }),
      ]),
    );
    expect(
      await expectRight(c.checkAccess({ patientId: lily, organisationId: 'cornwall-hospital' })),
    ).toMatchObject({
      outcome: 'permit',
    });
  }, 180_000);
});
