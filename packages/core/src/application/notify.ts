import type * as T from 'fp-ts/lib/Task.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { messagesForEvent } from '../messages/patientMessages.js';
import type { PatientState } from '../patient/state.js';
import type { OrganisationState } from '../organisation/state.js';
import { deriveCode } from '../verification/code.js';
import type { VerificationState } from '../verification/state.js';
import type { Runtime } from './runtime.js';

export interface NotifyContext {
  readonly patient: PatientState;
  readonly organisations: ReadonlyMap<string, OrganisationState>;
  /** The patient's challenges after the append (to derive a code for an issued or resent one). */
  readonly verification: VerificationState;
}

/**
 * Hands the messages for just-appended events to the notifier, one after another, and
 * returns how many it refused. Runs after the append, so a message never goes out for
 * something that did not happen. (A later issue moves this to a durable outbox.)
 */
export const notifyAppended = (rt: Runtime, events: readonly RecordedEvent[], context: NotifyContext): T.Task<number> => async () => {
  const { patient } = context;
  if (patient.status !== 'registered') return 0;
  const lookup = {
    patient,
    organisationName: (id: string) => {
      const o = context.organisations.get(id);
      return o !== undefined && o.status !== 'unregistered' ? o.name : id;
    },
    codeFor: (challengeId: string) => {
      const challenge = context.verification.challenges[challengeId];
      const key = challenge === undefined ? undefined : rt.keyring.find(challenge.keyId);
      return challenge === undefined || key === undefined ? undefined : deriveCode(key, challengeId, challenge.codeDigits);
    },
    expiryOf: (challengeId: string) => context.verification.challenges[challengeId]?.expiresAt,
  };
  let undelivered = 0;
  for (const message of events.flatMap((event) => messagesForEvent(event, lookup))) {
    const sent = await rt.notifier.send(message)();
    if (sent._tag === 'Left') undelivered += 1;
  }
  return undelivered;
};
