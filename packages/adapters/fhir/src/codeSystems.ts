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
} as const;

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
