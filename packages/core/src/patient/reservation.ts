import { createHmac } from 'node:crypto';
import * as t from 'io-ts';
import type { KeyringKey } from '../verification/keyring.js';
import { PatientId } from './codecs.js';

/**
 * One patient per NHS number, across processes and hosts: registration first appends this
 * event to the number's reservation stream (which must not exist yet), so two registrations of
 * one number cannot both win. A reservation whose patient never got registered (a crash
 * between the two appends) is completed by registering again with that patient id.
 */
export const NhsNumberReserved = t.type({
  type: t.literal('NhsNumberReserved'),
  data: t.type({ patientId: PatientId }),
});
export type NhsNumberReserved = t.TypeOf<typeof NhsNumberReserved>;

/**
 * The reservation's name: a keyed HMAC of the number (with the key id), never the number or
 * an unkeyed hash of it, which anyone could reverse by trying all billion numbers.
 */
export const nhsNumberBlindIndex = (key: KeyringKey, nhsNumber: string): string =>
  `${key.keyId}.${createHmac('sha256', key.secret)
    .update(`consentry/nhs-number/${nhsNumber}`, 'utf8')
    .digest('base64url')}`;
