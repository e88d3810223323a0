import * as t from 'io-ts';
import { Area, OrganisationId } from '../organisation/codecs.js';
import {
  DateOfBirth,
  Email,
  NhsNumber,
  PatientId,
  PersonName,
  PreferredChannel,
  UkMobile,
} from './codecs.js';
import { PersonalDataErased } from './personalDataErased.js';
import { PatientMoveEvent } from './moves.js';
import { erasable } from '../personalData/erasable.js';

export const PatientRegistered = t.type({
  type: t.literal('PatientRegistered'),
  data: t.type({
    patientId: PatientId,
    // Personal fields read as ERASED once erased (docs/personal-data.md).
    nhsNumber: erasable(NhsNumber),
    name: erasable(PersonName),
    dateOfBirth: erasable(DateOfBirth),
    homeArea: Area,
    practiceId: OrganisationId,
  }),
});

/** The full contact details after the change (absent fields are not held). */
export const ContactDetailsRecorded = t.type({
  type: t.literal('ContactDetailsRecorded'),
  data: t.intersection([
    t.type({ patientId: PatientId }),
    t.partial({
      mobile: erasable(UkMobile),
      email: erasable(Email),
      preferredChannel: PreferredChannel,
    }),
  ]),
});

export const PortalEnrolled = t.type({
  type: t.literal('PortalEnrolled'),
  data: t.type({ patientId: PatientId }),
});

export const PatientEvent = t.union([
  PatientRegistered,
  ContactDetailsRecorded,
  PortalEnrolled,
  PersonalDataErased,
  ...PatientMoveEvent.types,
]);
export type PatientEvent = t.TypeOf<typeof PatientEvent>;
export type PatientRegistered = t.TypeOf<typeof PatientRegistered>;
export type ContactDetailsRecorded = t.TypeOf<typeof ContactDetailsRecorded>;
