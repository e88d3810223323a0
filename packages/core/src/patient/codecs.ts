import * as t from 'io-ts';
import { boundedText, brandedString, isOpaqueId } from '../shared/brandedString.js';
import { isEmail, isUkMobile, normaliseEmail, normaliseUkMobile } from './contact.js';
import { isValidNhsNumber, normaliseNhsNumber } from './nhsNumber.js';

export interface PatientIdBrand {
  readonly PatientId: unique symbol;
}
/** Opaque patient id (never the NHS number), used in stream names. */
export const PatientId = brandedString<PatientIdBrand>(
  'PatientId',
  'an id of letters, digits, ".", "_", "~" or "-" (at most 64)',
  isOpaqueId,
);
export type PatientId = t.TypeOf<typeof PatientId>;

export interface NhsNumberBrand {
  readonly NhsNumber: unique symbol;
}
export const NhsNumber = brandedString<NhsNumberBrand>(
  'NhsNumber',
  'a 10-digit NHS number with a valid check digit',
  isValidNhsNumber,
  normaliseNhsNumber,
);
export type NhsNumber = t.TypeOf<typeof NhsNumber>;

export interface UkMobileBrand {
  readonly UkMobile: unique symbol;
}
/** A UK mobile number, stored as +447xxxxxxxxx. */
export const UkMobile = brandedString<UkMobileBrand>(
  'UkMobile',
  'a UK mobile number such as 07700 900123 or +447700900123',
  isUkMobile,
  normaliseUkMobile,
);
export type UkMobile = t.TypeOf<typeof UkMobile>;

export interface EmailBrand {
  readonly Email: unique symbol;
}
export const Email = brandedString<EmailBrand>(
  'Email',
  'an e-mail address',
  isEmail,
  normaliseEmail,
);
export type Email = t.TypeOf<typeof Email>;

/** Where the patient wants verification codes sent. */
export const PreferredChannel = t.keyof({ sms: null, email: null });
export type PreferredChannel = t.TypeOf<typeof PreferredChannel>;

export const PersonName = boundedText('PersonName', 200);
export type PersonName = t.TypeOf<typeof PersonName>;

export interface DateOfBirthBrand {
  readonly DateOfBirth: unique symbol;
}
export const DateOfBirth = brandedString<DateOfBirthBrand>(
  'DateOfBirth',
  'a date as YYYY-MM-DD',
  (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)),
);
export type DateOfBirth = t.TypeOf<typeof DateOfBirth>;
