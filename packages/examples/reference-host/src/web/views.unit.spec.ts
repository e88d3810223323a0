import { errorContext, templateEnvironment } from './views.js';

const env = templateEnvironment();
const render = (template: string, context: Record<string, unknown> = {}): string =>
  env.render(template, {
    csrfToken: 'token-1',
    cspNonce: 'nonce-1',
    development: true,
    ...errorContext([]),
    ...context,
  });

const patient = {
  patientId: 'alice',
  nhsNumber: '9434765919',
  name: 'Alice Smith',
  dateOfBirth: '1984-03-15',
  portalEnrolled: true,
};

describe('page templates', () => {
  it('lay every page out with the NHS.UK header, skip link, local assets and the CSP nonce', () => {
    const html = render('index.njk');
    expect(html).toContain('class="nhsuk-skip-link"');
    expect(html).toContain('nhsuk-header');
    expect(html).toContain('href="/nhsuk/nhsuk-frontend.min.css"');
    expect(html).toContain('nonce="nonce-1"');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('show an error summary linked to the field, and the field’s own message', () => {
    const html = render('patient-sign-in.njk', {
      localSignIn: true,
      values: { nhsNumber: '123' },
      ...errorContext([{ field: 'nhsNumber', message: 'Enter a valid 10 digit NHS number' }]),
    });
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#nhsNumber"');
    expect(html).toMatch(/<title>Error: /);
    expect(html).toMatch(/id="nhsNumber-error"/);
    expect(html.replace(/\s+/g, ' ')).toMatch(/<label class="nhsuk-label" for="nhsNumber"/);
  });

  it('put the form token in every form', () => {
    const pages: [string, Record<string, unknown>][] = [
      ['staff-sign-in.njk', { values: {}, localSignIn: true }],
      ['patient-sign-in-code.njk', { channel: 'sms' }],
      ['sign-out.njk', {}],
      [
        'organisation/emergency.njk',
        { patient, base: '/organisation/patients/9434765919', values: {} },
      ],
      ['organisation/code.njk', { patient, base: '/x' }],
      ['patient/contact.njk', { values: {} }],
      ['practice/lists.njk', { allowed: [], prohibited: [], organisationItems: [] }],
    ];
    for (const [template, context] of pages) {
      const html = render(template, context);
      const forms = html.match(/<form method="post"/g)?.length ?? 0;
      const tokens = html.match(/name="_csrf" value="token-1"/g)?.length ?? 0;
      expect({ template, forms: forms > 0, tokens }).toEqual({
        template,
        forms: true,
        tokens: forms,
      });
    }
  });

  it('escape what people type', () => {
    const html = render('staff-sign-in.njk', {
      localSignIn: true,
      values: { username: '<script>alert(1)</script>' },
    });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
