import type { RequestId } from '../access/codecs.js';
import type { OrganisationId } from '../../organisation/codecs.js';
import type { PatientId } from '../../patient/codecs.js';
import type { IsoInstant } from '../../shared/brandedString.js';
import type {
  ConsentAnswer,
  ConsentRoute,
  Preference,
  PreferenceSetter,
  SensitiveLabel,
} from './codecs.js';

interface ForPatient {
  readonly patientId: PatientId;
}

export type SharingCommand =
  | {
      readonly type: 'SetSharingPreference';
      readonly data: ForPatient & {
        readonly organisationId?: OrganisationId;
        readonly preference: Preference;
        readonly setBy: PreferenceSetter;
        readonly until?: IsoInstant;
        readonly opens?: readonly OrganisationId[];
      };
    }
  | {
      readonly type: 'ClearSharingPreference';
      readonly data: ForPatient & { readonly organisationId?: OrganisationId };
    }
  | {
      readonly type: 'RecordSharingInConsent';
      readonly data: ForPatient & {
        readonly organisationId: OrganisationId;
        readonly answer: ConsentAnswer;
        readonly route: ConsentRoute;
        readonly requestId?: RequestId;
        readonly until?: IsoInstant;
      };
    }
  | {
      readonly type: 'WithdrawSharingInConsent';
      readonly data: ForPatient & { readonly organisationId: OrganisationId };
    }
  | {
      readonly type: 'RecordSharingOutConsent';
      readonly data: ForPatient & {
        readonly organisationId: OrganisationId;
        readonly answer: ConsentAnswer;
      };
    }
  | {
      readonly type: 'ConsentToLabel';
      readonly data: ForPatient & {
        readonly organisationId: OrganisationId;
        readonly label: SensitiveLabel;
      };
    };
