import type { FastifyRequest } from 'fastify';
import * as t from 'io-ts';
import { Email, PreferredChannel, UkMobile } from '@consentry/core';
import { decodeForm, formOf } from '../http/forms.js';

/** The contact details form, filled in by the patient (web/patient/) or their practice (web/practice/). */
export const ContactForm = t.intersection([
  t.type({ preferredChannel: PreferredChannel }),
  t.partial({ mobile: UkMobile, email: Email }),
]);

/** Plain-English messages for the contact form's fields. */
export const contactErrors = (problems: readonly { field: string }[]) =>
  problems.map(({ field }) => ({
    field,
    message:
      field === 'mobile'
        ? 'Enter a UK mobile number, like 07700 900123'
        : field === 'email'
          ? 'Enter an email address, like name@example.com'
          : 'Choose how we should send you codes',
  }));

/**
 * The contact form as posted: the values to show again (an empty field is no value) and the
 * form decoded, or its problems.
 */
export const postedContactForm = (request: FastifyRequest) => {
  const form = formOf(request);
  const values = {
    mobile: form['mobile'] || undefined,
    email: form['email'] || undefined,
    preferredChannel: form['preferredChannel'],
  };
  return { values, decoded: decodeForm(ContactForm, values) };
};
