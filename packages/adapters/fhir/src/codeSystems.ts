import type { CodeableConcept, Coding } from './types.js';

/** The code systems this package uses, each from the R4 specification's own terminology. */
export const systems = {
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  loinc: 'http://loinc.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  auditEntityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  restfulSecurityService: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
  /** Consentry's own: which of its choices a Consent records (a second, extensible category). */
  consentKind: 'urn:consentry:consent-kind',
  /** Consentry's own: how the patient verified an answer (a code, the portal). */
  verificationRoute: 'urn:consentry:verification-route',
  /** Consentry's own: the domain error behind an OperationOutcome. */
  consentryError: 'urn:consentry:error',
} as const;

/** National identifier systems (NHS England), as UK Core's Patient and Organization slices name them. */
export const identifierSystems = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganisation: 'https://fhir.nhs.uk/Id/ods-organization-code',
  sdsUser: 'https://fhir.nhs.uk/Id/sds-user-id',
  /** A proxy's own id, as the embedding knows the person (docs/fhir.md: a proxy is a RelatedPerson). */
  consentryProxy: 'urn:consentry:proxy',
} as const;

/** UK Core profiles (fhir.hl7.org.uk) claimed in `meta.profile`; see docs/fhir.md for the rules followed. */
export const profiles = {
  consent: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent',
  auditEvent: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-AuditEvent',
  operationOutcome: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome',
  bundle: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Bundle',
} as const;

/** R5's Consent.verification.verificationType, carried in R4 by the cross-version extension. */
export const verificationTypeExtension =
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-Consent.verification.verificationType';

const concept = (coding: Coding): CodeableConcept => ({ coding: [coding] });

export const codes = {
  /** Consent.scope: consent to share (privacy), not to treat or research. */
  privacyScope: concept({
    system: systems.consentScope,
    code: 'patient-privacy',
    display: 'Privacy Consent',
  }),
  /** Consent.category: LOINC "Patient Consent". */
  patientConsent: concept({ system: systems.loinc, code: '59284-0', display: 'Patient Consent' }),
  optIn: concept({ system: systems.actCode, code: 'OPTIN', display: 'opt-in' }),
  /** Opt-in with restrictions: sharing only after the patient verifies each organisation. */
  optInRestricted: concept({
    system: systems.actCode,
    code: 'OPTINR',
    display: 'opt-in with restrictions',
  }),
  optOut: concept({ system: systems.actCode, code: 'OPTOUT', display: 'opt-out' }),
  /** The organisation that would see the record (sharing in). */
  recipient: concept({
    system: systems.participationType,
    code: 'IRCP',
    display: 'information recipient',
  }),
  /** The organisation whose entries would be shown to others (sharing out). */
  custodian: concept({ system: systems.participationType, code: 'CST', display: 'custodian' }),
  accessAction: concept({ system: systems.consentAction, code: 'access', display: 'Access' }),
  treat: { system: systems.actReason, code: 'TREAT', display: 'treatment' },
  emergencyTreat: { system: systems.actReason, code: 'ETREAT', display: 'Emergency Treatment' },
  breakTheGlass: { system: systems.actReason, code: 'BTG', display: 'break the glass' },
  /** AuditEvent.type: DICOM "Patient Record" (an access to the patient's record). */
  patientRecord: { system: systems.dicom, code: '110110', display: 'Patient Record' },
  person: { system: systems.auditEntityType, code: '1', display: 'Person' },
  patientRole: { system: systems.objectRole, code: '1', display: 'Patient' },
} as const;

/** Which Consentry choice a Consent records: its second category, so a POST says which command it is. */
export const consentKinds = {
  preference: concept({
    system: systems.consentKind,
    code: 'sharing-preference',
    display: 'Sharing preference',
  }),
  sharingIn: concept({
    system: systems.consentKind,
    code: 'sharing-in-answer',
    display: 'Answer to one organisation viewing the record',
  }),
  sharingOut: concept({
    system: systems.consentKind,
    code: 'sharing-out-answer',
    display: 'Answer to sharing entries recorded at one organisation',
  }),
} as const;

export type ConsentKind = keyof typeof consentKinds;
