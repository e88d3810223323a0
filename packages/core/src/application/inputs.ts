import * as t from 'io-ts';
import { Purpose } from '../consentRecord/access/codecs.js';
import { ActorKind } from '../eventStore/envelope.js';
import {
  Area,
  OdsCode,
  OrganisationId,
  OrganisationKind,
  OrganisationName,
} from '../organisation/codecs.js';
import {
  DateOfBirth,
  Email,
  NhsNumber,
  PatientId,
  PersonName,
  PreferredChannel,
  UkMobile,
} from '../patient/codecs.js';
import {
  ConsentAnswer,
  Preference,
  PreferenceSetter,
  SensitiveLabel,
} from '../consentRecord/sharing/codecs.js';
import { ErasureScope } from '../patient/personalDataErased.js';
import { boundedText, IsoInstant, Text } from '../shared/brandedString.js';
import { strictType } from '../shared/strictType.js';
import { VerificationCode } from '../consentRecord/verification/codecs.js';

/**
 * Input codecs of every facade method. The HTTP host and the scenario runner decode
 * request bodies with these; the facade decodes again, so a bad field is always
 * `InvalidInput` naming it and nothing is appended.
 */
// Strict codecs refuse a field they do not name (`InvalidInput` naming it): a misspelt
// optional field is never dropped in silence, and nothing a caller adds reaches an event.
const Actor = strictType(
  'Actor',
  { kind: ActorKind, id: t.string },
  { organisationId: t.string, forPatientId: t.string },
);

const patientAndOrganisation = { patientId: PatientId, organisationId: OrganisationId };

export const RegisterOrganisationInput = strictType(
  'RegisterOrganisation',
  { odsCode: OdsCode, name: OrganisationName, kind: OrganisationKind, area: Area },
  { organisationId: OrganisationId },
);
export const CloseOrganisationInput = strictType(
  'CloseOrganisation',
  { organisationId: OrganisationId },
  {},
);

export const RegisterPatientInput = strictType(
  'RegisterPatient',
  {
    nhsNumber: NhsNumber,
    name: PersonName,
    dateOfBirth: DateOfBirth,
    homeArea: Area,
    practiceId: OrganisationId,
  },
  { patientId: PatientId },
);
export const RecordContactDetailsInput = strictType(
  'RecordContactDetails',
  { patientId: PatientId },
  { mobile: UkMobile, email: Email, preferredChannel: PreferredChannel },
);
export const EnrolPortalInput = strictType('EnrolPortal', { patientId: PatientId }, {});

export const PracticeListInput = strictType(
  'PracticeList',
  {
    practiceId: OrganisationId,
    organisationId: OrganisationId,
  },
  {},
);

export const SetSharingPreferenceInput = strictType(
  'SetSharingPreference',
  { patientId: PatientId, preference: Preference, setBy: PreferenceSetter },
  { organisationId: OrganisationId, until: IsoInstant },
);
export const ClearSharingPreferenceInput = strictType(
  'ClearSharingPreference',
  { patientId: PatientId },
  { organisationId: OrganisationId },
);
export const RecordSharingOutConsentInput = strictType(
  'RecordSharingOutConsent',
  {
    ...patientAndOrganisation,
    answer: ConsentAnswer,
  },
  {},
);

export const StartCareInput = strictType('StartCare', patientAndOrganisation, {
  reason: Text,
  selfClaimed: t.boolean,
});
export const EndCareInput = strictType('EndCare', patientAndOrganisation, {});
/** Staff of `from` refer the patient to `to`. */
export const ReferCareInput = strictType(
  'ReferCare',
  { patientId: PatientId, from: OrganisationId, to: OrganisationId },
  { reason: Text },
);

export const RequestAccessInput = strictType('RequestAccess', patientAndOrganisation, {
  purpose: Purpose,
  justification: boundedText('Justification', 2000),
});
export const CheckAccessInput = strictType('CheckAccess', patientAndOrganisation, {
  purpose: Purpose,
});
/** `until`: the consent the answer records ends then (docs/domain.md, "Consent that ends"). */
const consentEnds = { until: IsoInstant };
export const EnterCodeInput = strictType(
  'EnterCode',
  { ...patientAndOrganisation, code: VerificationCode },
  consentEnds,
);
export const PatientOrganisationInput = strictType(
  'PatientOrganisation',
  patientAndOrganisation,
  {},
);
export const ApproveOnlineInput = strictType('ApproveOnline', patientAndOrganisation, consentEnds);
export const RecordInPersonAnswerInput = strictType(
  'RecordInPersonAnswer',
  { ...patientAndOrganisation, answer: ConsentAnswer },
  consentEnds,
);
export const ConsentToLabelInput = strictType(
  'ConsentToLabel',
  {
    ...patientAndOrganisation,
    label: SensitiveLabel,
  },
  {},
);
/** The metadata of one record entry, as the system that holds the record passes it. */
export const RecordEntryInput = strictType(
  'RecordEntry',
  { entryId: t.string, organisationId: OrganisationId, recordedAt: IsoInstant },
  { label: t.string },
);
/** Patients move (docs/record-as-shared.md). */
export const ChangeHomeAreaInput = strictType(
  'ChangeHomeArea',
  { patientId: PatientId, homeArea: Area },
  {},
);
export const ChangePracticeInput = strictType(
  'ChangePractice',
  { patientId: PatientId, practiceId: OrganisationId },
  {},
);
export const SharedEntriesInput = strictType(
  'SharedEntries',
  { ...patientAndOrganisation, entries: t.readonlyArray(RecordEntryInput) },
  { purpose: Purpose },
);

export const ReviewAlertInput = strictType(
  'ReviewAlert',
  { alertId: t.string, outcome: t.keyof({ appropriate: null, inappropriate: null }) },
  { notes: Text },
);

export const PatientQueryInput = strictType('PatientQuery', { patientId: PatientId }, {});
export const NhsNumberQueryInput = strictType('NhsNumberQuery', { nhsNumber: NhsNumber }, {});
export const OrganisationQueryInput = strictType(
  'OrganisationQuery',
  { organisationId: OrganisationId },
  {},
);
export const AlertsQueryInput = strictType(
  'AlertsQuery',
  {},
  {
    status: t.keyof({ open: null, reviewed: null, all: null }),
  },
);

/** Who is acting, and why: every event the command appends carries it. */
export const CommandContext = strictType(
  'CommandContext',
  { actor: Actor },
  { reason: t.string, correlationId: t.string },
);
export type CommandContext = t.TypeOf<typeof CommandContext>;

/** The encoded (wire) form of an input codec: what callers pass. */
export type InputOf<C extends t.Any> = t.OutputOf<C>;

export const ErasePersonalDataInput = strictType(
  'ErasePersonalData',
  { patientId: PatientId, scope: ErasureScope },
  {},
);
