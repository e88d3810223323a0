import * as t from 'io-ts';
import { Purpose } from '../access/codecs.js';
import { Actor } from '../eventStore/envelope.js';
import { Area, OdsCode, OrganisationId, OrganisationKind, OrganisationName } from '../organisation/codecs.js';
import { DateOfBirth, Email, NhsNumber, PatientId, PersonName, PreferredChannel, UkMobile } from '../patient/codecs.js';
import { ConsentAnswer, Preference, PreferenceSetter } from '../sharing/codecs.js';
import { boundedText, IsoInstant, Text } from '../shared/brandedString.js';
import { VerificationCode } from '../verification/codecs.js';

/**
 * Input codecs of every facade method. The HTTP host and the scenario runner decode
 * request bodies with these; the facade decodes again, so a bad field is always
 * `InvalidInput` naming it and nothing is appended.
 */
const patientAndOrganisation = { patientId: PatientId, organisationId: OrganisationId };

export const RegisterOrganisationInput = t.intersection([
  t.type({ odsCode: OdsCode, name: OrganisationName, kind: OrganisationKind, area: Area }),
  t.partial({ organisationId: OrganisationId }),
]);
export const CloseOrganisationInput = t.type({ organisationId: OrganisationId });

export const RegisterPatientInput = t.intersection([
  t.type({ nhsNumber: NhsNumber, name: PersonName, dateOfBirth: DateOfBirth, homeArea: Area, practiceId: OrganisationId }),
  t.partial({ patientId: PatientId }),
]);
export const RecordContactDetailsInput = t.intersection([
  t.type({ patientId: PatientId }),
  t.partial({ mobile: UkMobile, email: Email, preferredChannel: PreferredChannel }),
]);
export const EnrolPortalInput = t.type({ patientId: PatientId });

export const PracticeListInput = t.type({ practiceId: OrganisationId, organisationId: OrganisationId });

export const SetSharingPreferenceInput = t.intersection([
  t.type({ patientId: PatientId, preference: Preference, setBy: PreferenceSetter }),
  t.partial({ organisationId: OrganisationId, until: IsoInstant }),
]);
export const ClearSharingPreferenceInput = t.intersection([
  t.type({ patientId: PatientId }),
  t.partial({ organisationId: OrganisationId }),
]);
export const RecordSharingOutConsentInput = t.type({ ...patientAndOrganisation, answer: ConsentAnswer });

export const StartCareInput = t.intersection([
  t.type(patientAndOrganisation),
  t.partial({ reason: Text, selfClaimed: t.boolean }),
]);
export const EndCareInput = t.type(patientAndOrganisation);

export const RequestAccessInput = t.intersection([
  t.type(patientAndOrganisation),
  t.partial({ purpose: Purpose, justification: boundedText('Justification', 2000) }),
]);
export const CheckAccessInput = t.intersection([t.type(patientAndOrganisation), t.partial({ purpose: Purpose })]);
export const EnterCodeInput = t.type({ ...patientAndOrganisation, code: VerificationCode });
export const PatientOrganisationInput = t.type(patientAndOrganisation);
export const RecordInPersonAnswerInput = t.type({ ...patientAndOrganisation, answer: ConsentAnswer });

export const ReviewAlertInput = t.intersection([
  t.type({ alertId: t.string, outcome: t.keyof({ appropriate: null, inappropriate: null }) }),
  t.partial({ notes: Text }),
]);

export const PatientQueryInput = t.type({ patientId: PatientId });
export const NhsNumberQueryInput = t.type({ nhsNumber: NhsNumber });
export const OrganisationQueryInput = t.type({ organisationId: OrganisationId });
export const AlertsQueryInput = t.partial({ status: t.keyof({ open: null, reviewed: null, all: null }) });

/** Who is acting, and why: every event the command appends carries it. */
export const CommandContext = t.intersection([
  t.type({ actor: Actor }),
  t.partial({ reason: t.string, correlationId: t.string }),
]);
export type CommandContext = t.TypeOf<typeof CommandContext>;

/** The encoded (wire) form of an input codec: what callers pass. */
export type InputOf<C extends t.Any> = t.OutputOf<C>;
