import nunjucks from 'nunjucks';
import { paths } from './paths.js';
import type { Sessions } from '../security/sessions.js';
import type { Views } from '../http/context.js';
import type { FieldError } from '../http/forms.js';

/** Our templates first, then nhsuk-frontend's, whose macros are named `nhsuk/components/...`. */
export const templateEnvironment = (): nunjucks.Environment => {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([paths.templates, paths.nhsukTemplates], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('dateTime', (iso: unknown) =>
    typeof iso === 'string' && iso !== ''
      ? new Date(iso).toLocaleString('en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'Europe/London',
        })
      : '',
  );
  env.addFilter('date', (iso: unknown) =>
    typeof iso === 'string' && iso !== ''
      ? new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'UTC' })
      : '',
  );
  env.addFilter('nhsNumber', (n: unknown) =>
    typeof n === 'string' && n.length === 10
      ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`
      : n,
  );
  return env;
};

/** The values every page gets: field errors for the summary and for each input. */
export const errorContext = (errors: readonly FieldError[]) => ({
  // A date's summary link goes to its first box (the day), as the design system asks.
  errorList: errors.map((e) => ({
    text: e.message,
    href: e.field === 'dateOfBirth' ? '#dateOfBirth-day' : `#${e.field}`,
  })),
  errorFor: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
});

const NAVIGATION: Readonly<Record<string, readonly { href: string; text: string }[]>> = {
  patient: [
    { href: '/patient', text: 'Your sharing choices' },
    { href: '/patient/history', text: 'Who has seen your record' },
    { href: '/patient/contact', text: 'Your contact details' },
    { href: '/patient/proxies', text: 'People who act for you' },
  ],
  'organisation-staff': [{ href: '/organisation', text: 'Find a patient' }],
  'practice-staff': [
    { href: '/practice', text: 'Find a patient' },
    { href: '/practice/lists', text: 'Allowed and Prohibited lists' },
    { href: '/alerts', text: 'Alerts' },
  ],
  'privacy-officer': [{ href: '/alerts', text: 'Alerts' }],
  auditor: [{ href: '/alerts', text: 'Alerts' }],
  proxy: [{ href: '/proxy', text: 'Requests and history' }],
};

/** The header's links for the signed-in role, the current one marked for screen readers. */
export const navigationFor = (kind: string | undefined, url: string) => {
  const path = url.split('?')[0] ?? url;
  const items = kind === undefined ? [] : (NAVIGATION[kind] ?? []);
  const current = items
    .filter((i) => path === i.href || path.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ ...i, current: i === current }));
};

export const createViews = (sessions: Sessions, options: { development: boolean }): Views => {
  const env = templateEnvironment();

  return {
    page: (request, reply, template, context = {}) => {
      const flash = request.session.data.flash;
      const csrfToken = sessions.issueFormToken(request, reply);
      if (flash !== null) sessions.save(request, reply, { ...request.session.data, flash: null });
      const errors = (context['errors'] as readonly FieldError[] | undefined) ?? [];
      const html = env.render(template, {
        ...context,
        principal: request.principal,
        navigation: navigationFor(request.principal?.kind, request.url),
        csrfToken,
        flash,
        development: options.development,
        signInNeeded:
          (request.query as Record<string, unknown> | undefined)?.['sign-in'] === 'needed',
        cspNonce: reply.cspNonce?.script,
        ...errorContext(errors),
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  };
};
