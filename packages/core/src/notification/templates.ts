import type { MessageKind } from './port.js';

/**
 * What each template needs, and nothing more: the organisation's name, the code and when
 * it stops working. Never the patient's name, NHS number, date of birth, contact details,
 * or an emergency justification (it may hold clinical detail; the practice reviews it).
 */
export type TemplateInput =
  | {
      readonly kind: 'verification-code';
      readonly organisation: string;
      readonly code: string;
      readonly expiresAt: string;
    }
  | { readonly kind: 'sharing-consent-recorded'; readonly organisation: string }
  | { readonly kind: 'emergency-access'; readonly organisation: string; readonly at: string }
  | {
      readonly kind: 'portal-approval-request';
      readonly organisation: string;
      readonly expiresAt: string;
    }
  | { readonly kind: 'sign-in-code'; readonly code: string; readonly expiresAt: string }
  /** `organisation`: its name, or "all organisations" for a preference for all. */
  | { readonly kind: 'consent-ended'; readonly organisation: string; readonly until: string }
  /** `relationship`: the proxy's relationship to the patient, never their name. */
  | { readonly kind: 'proxy-access-ended'; readonly relationship: string };

export interface RenderedMessage {
  /** For e-mail; never holds a code. */
  readonly subject: string;
  readonly body: string;
  /** The values the text was filled with (for providers that render their own templates). */
  readonly personalisation: Readonly<Record<string, string>>;
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

interface Clock {
  readonly hour: number;
  readonly minute: string;
}

const londonClock = (date: Date): Clock => {
  const parts = LONDON_TIME.formatToParts(date);
  return {
    hour: Number(parts.find((p) => p.type === 'hour')?.value ?? '0'),
    minute: parts.find((p) => p.type === 'minute')?.value ?? '00',
  };
};

const HOUR_MS = 3_600_000;

/**
 * London's offset from UTC through one UTC hour, in whole hours, or undefined when it is not
 * the same whole number of hours at both ends of that hour (a change of offset inside it, or
 * an offset with minutes, as before 1847).
 */
const wholeHourOffset = (hourStart: number): number | undefined => {
  const utcHour = new Date(hourStart).getUTCHours();
  const first = londonClock(new Date(hourStart));
  const last = londonClock(new Date(hourStart + HOUR_MS - 1));
  const offset = (first.hour - utcHour + 24) % 24;
  return first.minute === '00' && last.minute === '59' && (last.hour - utcHour + 24) % 24 === offset
    ? offset
    : undefined;
};

// The offset of the last UTC hour asked about. ICU's formatToParts with a time zone cost about
// 7 µs a call in the reactor's profile, once for every code sent; the offset changes twice a year.
let held: { readonly hourStart: number; readonly offset: number | undefined } = {
  hourStart: Number.NaN,
  offset: undefined,
};

/** The hour and minute on a London clock: `londonClock` worked out once per UTC hour. */
const londonTimeOf = (date: Date): Clock => {
  const ms = date.getTime();
  const hourStart = Math.floor(ms / HOUR_MS) * HOUR_MS;
  if (hourStart !== held.hourStart) held = { hourStart, offset: wholeHourOffset(hourStart) };
  if (held.offset === undefined) return londonClock(date);
  return {
    hour: (date.getUTCHours() + held.offset) % 24,
    minute: String(date.getUTCMinutes()).padStart(2, '0'),
  };
};

/** GOV.UK style times in UK time: 9am, 2:10pm, midday, midnight. */
export const ukTime = (iso: string): string => {
  const { hour, minute } = londonTimeOf(new Date(iso));
  if (minute === '00' && hour === 0) return 'midnight';
  if (minute === '00' && hour === 12) return 'midday';
  const clock = hour % 12 === 0 ? 12 : hour % 12;
  return `${clock}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
};

/** GOV.UK style date: 1 July 2026. */
export const ukDate = (iso: string): string => LONDON_DATE.format(new Date(iso));

const render = (input: TemplateInput): RenderedMessage => {
  switch (input.kind) {
    case 'verification-code': {
      const expires = ukTime(input.expiresAt);
      return {
        subject: `${input.organisation} has asked to see your GP record`,
        body:
          `Your security code is ${input.code}\n\n` +
          `${input.organisation} has asked to see your shared GP record. If you agree, read this code to the staff caring for you there. ` +
          `The code stops working at ${expires}.\n\n` +
          `If you do not agree, do not share the code. Nobody from the NHS will ask you for it in a phone call, text or e-mail.`,
        personalisation: { code: input.code, organisation: input.organisation, expires },
      };
    }
    case 'sharing-consent-recorded':
      return {
        subject: `${input.organisation} can now see your record`,
        body:
          `${input.organisation} can now see your shared GP record.\n\n` +
          `You can change this at any time. Sign in to the patient portal or contact your GP practice.`,
        personalisation: { organisation: input.organisation },
      };
    case 'emergency-access': {
      const when = `${ukTime(input.at)} on ${ukDate(input.at)}`;
      return {
        subject: 'Your GP record was opened in an emergency',
        body:
          `${input.organisation} opened your shared GP record in an emergency at ${when}.\n\n` +
          `A privacy officer will check that this was needed, and you can ask your GP practice about it.`,
        personalisation: { organisation: input.organisation, when },
      };
    }
    case 'portal-approval-request': {
      const expires = ukTime(input.expiresAt);
      return {
        subject: `${input.organisation} has asked to see your GP record`,
        body:
          `${input.organisation} has asked to see your shared GP record.\n\n` +
          `Approve or refuse the request before ${expires}. If you do nothing, they cannot see your record.`,
        personalisation: { organisation: input.organisation, expires },
      };
    }
    case 'sign-in-code': {
      const expires = ukTime(input.expiresAt);
      return {
        subject: 'Your sign-in code for the patient portal',
        body: `Your sign-in code is ${input.code}\n\nIt stops working at ${expires}. Do not share it with anyone.`,
        personalisation: { code: input.code, expires },
      };
    }
    case 'consent-ended': {
      const ended = `${ukTime(input.until)} on ${ukDate(input.until)}`;
      return {
        subject: 'A consent to see your GP record has ended',
        body:
          `Your agreement for ${input.organisation} to see your shared GP record ended at ${ended}, as you chose when you gave it.\n\n` +
          `You asked to be told. To agree again, or to stop these messages, sign in to the patient portal or contact your GP practice.`,
        personalisation: { organisation: input.organisation, ended },
      };
    }
    case 'proxy-access-ended':
      return {
        subject: 'Someone can no longer act for you on your GP record',
        body:
          `The access your ${input.relationship} had to manage your shared GP record choices for you has ended.\n\n` +
          `They can no longer do this for you. If they should, contact your GP practice.`,
        personalisation: { relationship: input.relationship },
      };
  }
};

/** One template per message kind (docs/notifications.md, "Message texts"). */
export const renderMessage = (input: TemplateInput): RenderedMessage => render(input);

/** The kinds whose text carries a code. */
export const carriesCode = (kind: MessageKind): boolean =>
  kind === 'verification-code' || kind === 'sign-in-code';
