import * as t from 'io-ts';
import { Email, PreferredChannel, UkMobile } from '@consentry/core';

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
