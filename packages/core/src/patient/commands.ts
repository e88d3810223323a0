import type { Area, OrganisationId } from '../organisation/codecs.js';
import type {
  DateOfBirth,
  Email,
  NhsNumber,
  PatientId,
  PersonName,
  PreferredChannel,
  UkMobile,
} from './codecs.js';

export type PatientCommand =
  | {
      readonly type: 'RegisterPatient';
      readonly data: {
        readonly patientId: PatientId;
        readonly nhsNumber: NhsNumber;
        readonly name: PersonName;
        readonly dateOfBirth: DateOfBirth;
        readonly homeArea: Area;
        readonly practiceId: OrganisationId;
      };
    }
  | {
      readonly type: 'RecordContactDetails';
      /** Given fields replace the held ones; absent fields are kept. */
      readonly data: {
        readonly mobile?: UkMobile;
        readonly email?: Email;
        readonly preferredChannel?: PreferredChannel;
      };
    }
  | { readonly type: 'EnrolPortal'; readonly data: Record<string, never> }
  | { readonly type: 'ChangeHomeArea'; readonly data: { readonly homeArea: Area } }
  | { readonly type: 'ChangePractice'; readonly data: { readonly practiceId: OrganisationId } }
  | { readonly type: 'Deregister'; readonly data: Record<string, never> }
  | { readonly type: 'RecordDeath'; readonly data: Record<string, never> };
