import fc from 'fast-check';
import { ALL_MESSAGE_KINDS } from '../testing/notifierMessages.js';
import type { MessageKind } from './port.js';
import { carriesCode, renderMessage, ukDate, ukTime, type TemplateInput } from './templates.js';

const CODE = '480271';
const inputs: Readonly<Record<MessageKind, TemplateInput>> = {
  'verification-code': {
    kind: 'verification-code',
    organisation: 'Royal Cornwall Hospital',
    code: CODE,
    expiresAt: '2026-07-01T13:10:00Z',
  },
  'sharing-consent-recorded': {
    kind: 'sharing-consent-recorded',
    organisation: 'Royal Cornwall Hospital',
  },
  'emergency-access': {
    kind: 'emergency-access',
    organisation: 'Royal Cornwall Hospital',
    at: '2026-01-15T09:00:00Z',
  },
  'portal-approval-request': {
    kind: 'portal-approval-request',
    organisation: 'Royal Cornwall Hospital',
    expiresAt: '2026-07-01T13:10:00Z',
  },
  'sign-in-code': { kind: 'sign-in-code', code: CODE, expiresAt: '2026-07-01T11:00:00Z' },
  'consent-ended': {
    kind: 'consent-ended',
    organisation: 'Royal Cornwall Hospital',
    until: '2026-07-08T09:00:00Z',
  },
  'proxy-access-ended': { kind: 'proxy-access-ended', relationship: 'parent' },
};

describe('message templates', () => {
  it.each(ALL_MESSAGE_KINDS)(
    '%s: the code only in the body of a code message, never in the subject',
    (kind) => {
      const message = renderMessage(inputs[kind]);
      expect(message.subject).not.toMatch(/\d{6}/);
      expect(message.body.includes(CODE)).toBe(carriesCode(kind));
      expect(message.personalisation['code'] !== undefined).toBe(carriesCode(kind));
    },
  );

  it.each(ALL_MESSAGE_KINDS)(
    '%s: no more personal data than needed — the only values in the text are the template input',
    (kind) => {
      const message = renderMessage(inputs[kind]);
      // Strip what the input put there; what is left must be fixed wording (no names, numbers or addresses slipped in).
      const values = Object.values(message.personalisation).sort((a, b) => b.length - a.length);
      const fixed = values.reduce(
        (text, value) => text.split(value).join(''),
        `${message.subject}\n${message.body}`,
      );
      expect(fixed).not.toMatch(/\d/);
      expect(fixed).not.toMatch(/@|\+44|NHS number|date of birth/i);
    },
  );

  it('the texts a patient reads (GOV.UK style: times in UK time, plain words)', () => {
    expect(renderMessage(inputs['verification-code'])).toEqual({
      subject: 'Royal Cornwall Hospital has asked to see your GP record',
      body:
        'Your security code is 480271\n\nRoyal Cornwall Hospital has asked to see your shared GP record. If you agree, read this code to the staff caring for you there. ' +
        'The code stops working at 2:10pm.\n\nIf you do not agree, do not share the code. Nobody from the NHS will ask you for it in a phone call, text or e-mail.',
      personalisation: { code: CODE, organisation: 'Royal Cornwall Hospital', expires: '2:10pm' },
    });
    expect(renderMessage(inputs['emergency-access']).body).toContain(
      'in an emergency at 9am on 15 January 2026',
    );
    expect(renderMessage(inputs['sharing-consent-recorded']).subject).toBe(
      'Royal Cornwall Hospital can now see your record',
    );
  });

  it('a consent that ended, and a proxy whose access ended: what ended and when, never who the proxy is', () => {
    expect(renderMessage(inputs['consent-ended'])).toEqual({
      subject: 'A consent to see your GP record has ended',
      body:
        'Your agreement for Royal Cornwall Hospital to see your shared GP record ended at 10am on 8 July 2026, as you chose when you gave it.\n\n' +
        'You asked to be told. To agree again, or to stop these messages, sign in to the patient portal or contact your GP practice.',
      personalisation: { organisation: 'Royal Cornwall Hospital', ended: '10am on 8 July 2026' },
    });
    expect(renderMessage(inputs['proxy-access-ended']).body).toContain(
      'The access your parent had to manage your shared GP record choices for you has ended.',
    );
  });

  it('UK times: summer time, midday, midnight', () => {
    expect(ukTime('2026-07-01T11:00:00Z')).toBe('midday');
    expect(ukTime('2026-12-01T00:00:00Z')).toBe('midnight');
    expect(ukTime('2026-12-01T17:45:00Z')).toBe('5:45pm');
    expect(ukTime('2026-07-01T00:05:00Z')).toBe('1:05am');
    expect(ukTime('2026-07-01T23:30:00Z')).toBe('12:30am');
    expect(ukDate('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });
});

describe('ukTime worked out once per UTC hour', () => {
  // The plain way: ICU's London clock for every call (what ukTime did before the fast path).
  const LONDON = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const plain = (iso: string): string => {
    const parts = LONDON.formatToParts(new Date(iso));
    const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
    const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
    if (minute === '00' && hour === 0) return 'midnight';
    if (minute === '00' && hour === 12) return 'midday';
    const clock = hour % 12 === 0 ? 12 : hour % 12;
    return `${clock}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
  };
  const iso = (ms: number): string => new Date(ms).toISOString();

  it('equals the plain London clock at any instant from 1800 to 2200', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2200, 0, 1) }),
        (ms) => ukTime(iso(ms)) === plain(iso(ms)),
      ),
      { numRuns: 5_000 },
    );
  });

  it('equals it on both sides of every change of offset from 1900 to 2100, minute by minute', () => {
    for (let year = 1900; year <= 2100; year += 1)
      for (const month of [2, 3, 9, 10]) {
        // Each Sunday of the months the clocks change in, 00:00–03:00 UTC.
        for (let day = 1; day <= 31; day += 1) {
          const start = Date.UTC(year, month, day);
          if (new Date(start).getUTCDay() !== 0) continue;
          for (let m = 0; m < 180; m += 7)
            expect(ukTime(iso(start + m * 60_000))).toBe(plain(iso(start + m * 60_000)));
        }
      }
  });
});
