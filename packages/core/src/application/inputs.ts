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
import { VerificationCode } from '../consentRecord/verification/codecs.js';

/**
 * Input codecs of every facade method. The HTTP host and the scenario runner decode
 * request bodies with these; the facade decodes again, so a bad field is always
 * `InvalidInput` naming it and nothing is appended.
 */
// Exact codecs drop fields they do not name, so nothing a caller adds ever reaches an event.
function exactType<P extends t.Props>(props: P) {
  return t.exact(t.type(props));
}
function exactPartial<P extends t.Props>(props: P) {
  return t.exact(t.partial(props));
}
const Actor = t.intersection([
  exactType({ kind: ActorKind, id: t.string }),
  exactPartial({ organisationId: t.string, forPatientId: t.string }),
]);

const patientAndOrganisation = { patientId: PatientId, organisationId: OrganisationId };

export const RegisterOrganisationInput = t.intersection([
  exactType({ odsCode: OdsCode, name: OrganisationName, kind: OrganisationKind, area: Area }),
  exactPartial({ organisationId: OrganisationId }),
]);
export const CloseOrganisationInput = exactType({ organisationId: OrganisationId });

export const RegisterPatientInput = t.intersection([
  exactType({
    nhsNumber: NhsNumber,
    name: PersonName,
    dateOfBirth: DateOfBirth,
    homeArea: Area,
    practiceId: OrganisationId,
  }),
  exactPartial({ patientId: PatientId }),
]);
export const RecordContactDetailsInput = t.intersection([
  exactType({ patientId: PatientId }),
  exactPartial({ mobile: UkMobile, email: Email, preferredChannel: PreferredChannel }),
]);
export const EnrolPortalInput = exactType({ patientId: PatientId });

export const PracticeListInput = exactType({
  practiceId: OrganisationId,
  organisationId: OrganisationId,
});

export const SetSharingPreferenceInput = t.intersection([
  exactType({ patientId: PatientId, preference: Preference, setBy: PreferenceSetter }),
  exactPartial({ organisationId: OrganisationId, until: IsoInstant }),
]);
export const ClearSharingPreferenceInput = t.intersection([
  exactType({ patientId: PatientId }),
  exactPartial({ organisationId: OrganisationId }),
]);
export const RecordSharingOutConsentInput = exactType({
  ...patientAndOrganisation,
  answer: ConsentAnswer,
});

export const StartCareInput = t.intersection([
  exactType(patientAndOrganisation),
  exactPartial({ reason: Text, selfClaimed: t.boolean }),
]);
export const EndCareInput = exactType(patientAndOrganisation);
/** Staff of `from` refer the patient to `to`. */
export const ReferCareInput = t.intersection([
  exactType({ patientId: PatientId, from: OrganisationId, to: OrganisationId }),
  exactPartial({ reason: Text }),
]);

export const RequestAccessInput = t.intersection([
  exactType(patientAndOrganisation),
  exactPartial({ purpose: Purpose, justification: boundedText('Justification', 2000) }),
]);
export const CheckAccessInput = t.intersection([
  exactType(patientAndOrganisation),
  exactPartial({ purpose: Purpose }),
]);
/** `until`: the consent the answer records ends then (docs/domain.md, "Consent that ends"). */
const consentEnds = { until: IsoInstant };
export const EnterCodeInput = t.intersection([
  exactType({ ...patientAndOrganisation, code: VerificationCode }),
  exactPartial(consentEnds),
]);
export const PatientOrganisationInput = exactType(patientAndOrganisation);
export const ApproveOnlineInput = t.intersection([
  exactType(patientAndOrganisation),
  exactPartial(consentEnds),
]);
export const RecordInPersonAnswerInput = t.intersection([
  exactType({ ...patientAndOrganisation, answer: ConsentAnswer }),
  exactPartial(consentEnds),
]);
export const ConsentToLabelInput = exactType({
  ...patientAndOrganisation,
  label: SensitiveLabel,
});
/** The metadata of one record entry, as the system that holds the record passes it. */
export const RecordEntryInput = t.intersection([
  exactType({ entryId: t.string, organisationId: OrganisationId, recordedAt: IsoInstant }),
  exactPartial({ label: t.string }),
]);
/** Patients move (docs/record-as-shared.md). */
export const ChangeHomeAreaInput = exactType({ patientId: PatientId, homeArea: Area });
export const ChangePracticeInput = exactType({ patientId: PatientId, practiceId: OrganisationId });
export const SharedEntriesInput = t.intersection([
  exactType({ ...patientAndOrganisation, entries: t.readonlyArray(RecordEntryInput) }),
  exactPartial({ purpose: Purpose }),
]);

export const ReviewAlertInput = t.intersection([
  exactType({ alertId: t.string, outcome: t.keyof({ appropriate: null, inappropriate: null }) }),
  exactPartial({ notes: Text }),
]);

export const PatientQueryInput = exactType({ patientId: PatientId });
export const NhsNumberQueryInput = exactType({ nhsNumber: NhsNumber });
export const OrganisationQueryInput = exactType({ organisationId: OrganisationId });
export const AlertsQueryInput = exactPartial({
  status: t.keyof({ open: null, reviewed: null, all: null }),
});

/** Who is acting, and why: every event the command appends carries it. */
export const CommandContext = t.intersection([
  exactType({ actor: Actor }),
  exactPartial({ reason: t.string, correlationId: t.string }),
]);
export type CommandContext = t.TypeOf<typeof CommandContext>;

/** The encoded (wire) form of an input codec: what callers pass. */
export type InputOf<C extends t.Any> = t.OutputOf<C>;

export const ErasePersonalDataInput = t.exact(
  t.type({ patientId: PatientId, scope: ErasureScope }),
);
