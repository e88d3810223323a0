import type { PatientState } from '../../patient/state.js';
import type { VerificationChannel } from '../../verification/codecs.js';

/**
 * Where a challenge can reach P (rule 7): the preferred code channel first, then the
 * other, then the portal. The first one is where the code is sent.
 */
export const verificationChannels = (
  patient: Extract<PatientState, { status: 'registered' }>,
): readonly VerificationChannel[] => {
  const { mobile, email, preferredChannel } = patient.contact;
  const codeChannels: VerificationChannel[] = [];
  if (mobile !== undefined) codeChannels.push('sms');
  if (email !== undefined) codeChannels.push('email');
  if (preferredChannel !== undefined && codeChannels.includes(preferredChannel)) {
    codeChannels.sort((a, b) => (a === preferredChannel ? -1 : b === preferredChannel ? 1 : 0));
  }
  return patient.portalEnrolled ? [...codeChannels, 'portal'] : codeChannels;
};
