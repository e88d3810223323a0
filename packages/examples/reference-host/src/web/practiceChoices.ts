import type { PatientDetails } from '@consentry/core';

/** The choices in the practice's voice, as its form offers them (the patient's pages say "my"). */
const PRACTICE_CHOICE: Readonly<Record<string, string>> = {
  allow: 'Share the record',
  'require-verification': 'Ask the patient for a security code first',
  deny: 'Do not share the record',
};
const SET_BY: Readonly<Record<string, string>> = {
  patient: 'the patient’s own choice',
  practice: 'recorded by the practice',
  organisation: 'recorded by the organisation caring for them',
};

/** A choice as the practice's page lists it: what it is, and who made it. */
export const practiceChoiceText = (p: { preference: string; setBy: string }): string =>
  `${PRACTICE_CHOICE[p.preference] ?? p.preference} (${SET_BY[p.setBy] ?? p.setBy})`;

/** Whether a security code (or an online approval) can reach the patient at all. */
export const codeCanReach = (patient: PatientDetails): boolean =>
  patient.mobile !== undefined || patient.email !== undefined || patient.portalEnrolled;

export const NO_CODE_CAN_REACH = {
  field: 'preference',
  message:
    'This patient has no mobile phone, e-mail or online portal, so a security code could never reach them: record their contact details first, or choose another answer',
} as const;
