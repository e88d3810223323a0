import { createHmac } from 'node:crypto';
import * as t from 'io-ts';
import { erasable } from '../personalData/erasable.js';
import type { KeyringKey } from '../shared/keyring.js';
import { NhsNumber, PatientId } from './codecs.js';

/**
 * One patient per NHS number, across processes and hosts: registration first appends this
 * event to the number's reservation stream at the version it read, so two registrations of
 * one number cannot both win. A reservation whose patient never got registered (a crash
 * between the two appends) is completed by registering again with that patient id.
 *
 * `nhsNumber` is personal (sealed under the patient's key, docs/personal-data.md): the stream
 * is a bucket shared by many numbers, and the reservation names its number only in sealed
 * form, so once the patient's keys are destroyed nothing in it names the number. Events
 * written before this field (one stream per number) have no `nhsNumber`.
 */
export const NhsNumberReserved = t.type({
  type: t.literal('NhsNumberReserved'),
  data: t.intersection([
    t.type({ patientId: PatientId }),
    t.partial({ nhsNumber: erasable(NhsNumber) }),
  ]),
});
export type NhsNumberReserved = t.TypeOf<typeof NhsNumberReserved>;

/**
 * The in-memory directory's key for a number (docs/personal-data.md): the full keyed HMAC, so
 * a process's read model holds no NHS number in clear. Never stored: a full HMAC that outlived
 * an erasure could be reversed by trying every number with the keyring key.
 */
export const nhsNumberLookupKey = (key: KeyringKey, nhsNumber: string): string =>
  createHmac('sha256', key.secret)
    .update(`consentry/nhs-number-lookup/${nhsNumber}`, 'utf8')
    .digest('base64url');

/**
 * How many bits of the keyed HMAC name a bucket: 2^16 buckets. A bucket holds about one in
 * 65,536 of all numbers (some 15,000 of the billion possible), so its name, even to someone
 * holding the keyring key, narrows an erased number down to no fewer than that; and a
 * registration reads only its bucket (about 15 reservations per million patients).
 */
export const BUCKET_BITS = 16;

/**
 * The reservation bucket's name: a keyed HMAC of the number (with the key id) cut to
 * `BUCKET_BITS`, never the number or an unkeyed hash of it, which anyone could reverse by
 * trying all billion numbers.
 */
export const nhsNumberBlindIndex = (key: KeyringKey, nhsNumber: string): string => {
  const mac = createHmac('sha256', key.secret)
    .update(`consentry/nhs-number/${nhsNumber}`, 'utf8')
    .digest();
  return `${key.keyId}.b${mac.readUInt16BE(0).toString(16).padStart(4, '0')}`;
};
