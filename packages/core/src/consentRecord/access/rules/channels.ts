import type { PatientState } from '../../../patient/state.js';
import { codeRecipients, initialState, type ProxyState } from '../../proxy/state.js';
import type { VerificationChannel } from '../../verification/codecs.js';

type Registered = Extract<PatientState, { status: 'registered' }>;

/** Who a code goes to: the patient or not, and the proxies (ids) reachable by a message. */
export interface CodesSendTo {
  readonly patient: boolean;
  readonly proxyIds: readonly string[];
}

/**
 * Where codes go now, as the patient (or the practice, or a proxy for them) chose: the
 * patient, a proxy in force with `receive-codes` and a mobile or e-mail of their own, or both
 * (docs/facade-api.md, "Proxies").
 */
export const codesSendTo = (patient: Registered, proxy: ProxyState, now: Date): CodesSendTo => {
  const chosen = codeRecipients(proxy, patient.dateOfBirth, now);
  return {
    patient: chosen.patient,
    proxyIds: chosen.proxies
      .filter((g) => g.mobile !== undefined || g.email !== undefined)
      .map((g) => g.proxyId),
  };
};

/**
 * Where a challenge can reach P (rule 7): the preferred code channel first, then the
 * other, then the portal. The first one is where the code is sent. When codes go to a proxy
 * (`proxy`, `now`), the proxy's own mobile and e-mail count too: a child with no phone whose
 * parent receives codes can still be asked.
 */
export const verificationChannels = (
  patient: Registered,
  proxy: ProxyState = initialState(),
  now: Date = new Date(0),
): readonly VerificationChannel[] => {
  const { mobile, email, preferredChannel } = patient.contact;
  const sendTo = codesSendTo(patient, proxy, now);
  const proxies = sendTo.proxyIds.map((id) => proxy.grants[id]!);
  const hasMobile =
    (sendTo.patient && mobile !== undefined) || proxies.some((g) => g.mobile !== undefined);
  const hasEmail =
    (sendTo.patient && email !== undefined) || proxies.some((g) => g.email !== undefined);
  const codeChannels: VerificationChannel[] = [];
  if (hasMobile) codeChannels.push('sms');
  if (hasEmail) codeChannels.push('email');
  if (preferredChannel !== undefined && codeChannels.includes(preferredChannel)) {
    codeChannels.sort((a, b) => (a === preferredChannel ? -1 : b === preferredChannel ? 1 : 0));
  }
  return patient.portalEnrolled ? [...codeChannels, 'portal'] : codeChannels;
};
