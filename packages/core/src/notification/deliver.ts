import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { StoreError } from '../eventStore/errors.js';
import type { PatientState } from '../patient/state.js';
import { deriveCode } from '../consentRecord/verification/code.js';
import type { Challenge } from '../consentRecord/verification/state.js';
import type { Keyring } from '../shared/keyring.js';
import type {
  ChannelFailure,
  DeliveryChannel,
  NotificationEvent,
  NotificationFailureReason,
} from './events.js';
import { answerKind, type Intent } from './intents.js';
import { isErased } from '../personalData/erasable.js';
import type { Channel, Notifier } from './port.js';
import {
  challengeNow,
  notificationLog,
  organisationNameAt,
  patientAt,
  proxyContactAt,
  type NotificationLog,
} from './readModels.js';
import { recordOutcome, type RecordDeps } from './record.js';
import { sendWithRetry, type resolveRetry } from './retry.js';
import { renderMessage, type TemplateInput } from './templates.js';
import { withKeys } from '../shared/withKeys.js';

export interface DeliverDeps extends RecordDeps {
  readonly notifiers: readonly Notifier[];
  readonly keyring: Keyring;
  readonly retry: ReturnType<typeof resolveRetry>;
  /** Asked right before each send; a Left stops the pass unsent (a lease this process lost). */
  readonly beforeSend?: () => TE.TaskEither<StoreError, void>;
}

export type IntentOutcome =
  | {
      readonly _tag: 'Sent';
      readonly causationEventId: string;
      readonly kind: string;
      readonly channel: DeliveryChannel;
    }
  | {
      readonly _tag: 'Failed';
      readonly causationEventId: string;
      readonly kind: string;
      readonly reason: NotificationFailureReason;
    }
  /** A NotificationSent or NotificationFailed already answers it (a restart after a crash). */
  | { readonly _tag: 'AlreadyRecorded'; readonly causationEventId: string; readonly kind: string };

/** A mobile and/or e-mail: the patient's, or a proxy's own. */
interface Contact {
  readonly mobile?: string;
  readonly email?: string;
  readonly preferredChannel?: Channel;
}

/** The addresses, the first choice first: the challenge's channel for a code, else the preferred one. */
const recipients = (
  contact: Contact,
  first: Channel,
): readonly { channel: Channel; to: string }[] =>
  ([first, first === 'sms' ? 'email' : 'sms'] as const).flatMap((channel) => {
    const to = channel === 'sms' ? contact.mobile : contact.email;
    return to === undefined || isErased(to) ? [] : [{ channel, to }];
  });

/** Which patient the message is about, and (a code to a proxy) which proxy it went to. */
const about = (intent: Intent) => ({
  patientId: intent.patientId,
  causationEventId: intent.cause.metadata.eventId,
  kind: intent.kind,
  ...(intent.proxyId === undefined ? {} : { proxyId: intent.proxyId }),
  ...(intent.opened === undefined ? {} : { opened: intent.opened }),
});
const keyOf = (intent: Intent, channel: DeliveryChannel) =>
  `${intent.cause.metadata.eventId}:${channel}${intent.proxyId === undefined ? '' : `:proxy:${intent.proxyId}`}${intent.opened === undefined ? '' : `:opened:${intent.opened}`}`;

const failed = (
  intent: Intent,
  reason: NotificationFailureReason,
  failures: readonly ChannelFailure[] = [],
): NotificationEvent => ({
  type: 'NotificationFailed',
  data: withKeys(about(intent), { reason, failures: [...failures] }),
});

const RELATIONSHIP: Readonly<Record<string, string>> = {
  parent: 'parent',
  carer: 'carer',
  'lasting-power-of-attorney': 'attorney',
  'court-appointed-deputy': 'deputy',
};

/** A notice of the maintenance sweep: what ended, from the event that recorded it. */
const endedTemplate = (intent: Intent, organisation: string): TemplateInput => {
  const data = intent.cause.data as { until?: string; relationship?: string };
  return intent.kind === 'consent-ended'
    ? {
        kind: 'consent-ended',
        organisation: intent.organisationId === '' ? 'all organisations' : organisation,
        until: data.until ?? intent.cause.metadata.recordedAt,
      }
    : {
        kind: 'proxy-access-ended',
        relationship: RELATIONSHIP[data.relationship ?? ''] ?? 'proxy',
      };
};

/** The template input, or why there is nothing worth sending (a closed challenge, a key no longer held). */
const templateFor = (
  deps: DeliverDeps,
  intent: Intent,
  { organisation, challenge }: Reads,
): TemplateInput | NotificationFailureReason => {
  if (intent.kind === 'sharing-consent-recorded') return { kind: intent.kind, organisation };
  if (intent.kind === 'consent-ended' || intent.kind === 'proxy-access-ended')
    return endedTemplate(intent, organisation);
  if (intent.kind === 'emergency-access')
    return { kind: intent.kind, organisation, at: intent.cause.metadata.recordedAt };
  if (
    challenge === undefined ||
    challenge.status !== 'open' ||
    Date.parse(challenge.expiresAt) <= deps.clock.now().getTime()
  )
    return 'challenge-closed';
  if (intent.kind === 'portal-approval-request')
    return { kind: intent.kind, organisation, expiresAt: challenge.expiresAt };
  const key = deps.keyring.find(challenge.keyId);
  if (key === undefined) return 'key-not-held';
  // Derived again here, used for this message only, never stored (docs/domain.md (verification codes)).
  return {
    kind: 'verification-code',
    organisation,
    code: deriveCode(key, challenge.challengeId, challenge.codeDigits),
    expiresAt: challenge.expiresAt,
  };
};

/** Tries each address in turn; each with retries. The first provider to accept it wins. */
const sendToFirstThatTakes = async (
  deps: DeliverDeps,
  intent: Intent,
  input: TemplateInput,
  contact: Contact,
): Promise<NotificationEvent> => {
  const rendered = renderMessage(input);
  const failures: ChannelFailure[] = [];
  const first = intent.issuedTo ?? contact.preferredChannel ?? 'sms';
  const addresses = recipients(contact, first);
  if (addresses.length === 0) return failed(intent, 'no-contact-details');
  for (const { channel, to } of addresses) {
    const idempotencyKey = keyOf(intent, channel);
    const notifier = deps.notifiers.find((n) => n.channels.includes(channel));
    if (notifier === undefined) {
      failures.push({
        channel,
        reason: 'unsupported-channel',
        retryable: false,
        attempts: 0,
        idempotencyKey,
      });
      continue;
    }
    const message = {
      idempotencyKey,
      kind: intent.kind,
      channel,
      to,
      ...rendered,
      reference: intent.cause.metadata.eventId,
    };
    const outcome = await sendWithRetry(notifier, message, deps.retry);
    if (outcome._tag === 'Delivered') {
      return {
        type: 'NotificationSent',
        data: withKeys(about(intent), {
          channel,
          idempotencyKey,
          notifier: notifier.name,
          providerMessageId: outcome.receipt.providerMessageId,
          attempts: outcome.attempts,
          earlierFailures: failures,
        }),
      };
    }
    failures.push({
      channel,
      reason: outcome.error.reason,
      retryable: outcome.error.retryable,
      attempts: outcome.attempts,
      idempotencyKey,
    });
  }
  return failed(intent, 'all-channels-failed', failures);
};

// The portal request is not a message: the portal lists open challenges. Recording it says when it was put there.
const portalItem = (intent: Intent): NotificationEvent => ({
  type: 'NotificationSent',
  data: withKeys(about(intent), {
    channel: 'portal',
    idempotencyKey: keyOf(intent, 'portal'),
    notifier: 'portal',
    providerMessageId: `portal:${intent.challengeId ?? ''}`,
    attempts: 1,
    earlierFailures: [],
  }),
});

/** Everything deciding an intent reads. */
interface Reads {
  readonly log: NotificationLog;
  readonly patient: PatientState;
  readonly organisation: string;
  /** Read only for the intents that carry a challenge. */
  readonly challenge: Challenge | undefined;
  /** Read only for a code to a proxy: the proxy's own contact details then. */
  readonly proxy: Contact | undefined;
}

const carriesChallenge = (intent: Intent): boolean =>
  intent.kind !== 'sharing-consent-recorded' &&
  intent.kind !== 'emergency-access' &&
  intent.kind !== 'consent-ended' &&
  intent.kind !== 'proxy-access-ended';

/**
 * Asked for all at once, so a store can answer them in one round trip (the PostgreSQL store
 * does). The patient and organisation as they stood when the causing event was committed;
 * the challenge and the notification stream as they are now.
 */
const readFor =
  (deps: DeliverDeps, intent: Intent): TE.TaskEither<StoreError, Reads> =>
  // All at once, in one async step (not sequenceS and pipes: one message costs a few of these).
  async () => {
    const before = intent.cause.globalPosition;
    const [log, patient, organisation, challenge, proxy] = await Promise.all([
      notificationLog(deps.store, deps.states, intent.patientId)(),
      patientAt(deps.store, intent.patientId, before)(),
      intent.organisationId === ''
        ? Promise.resolve(E.right(''))
        : organisationNameAt(deps.store, intent.organisationId, before)(),
      carriesChallenge(intent)
        ? challengeNow(deps.store, deps.states, intent.patientId, intent.challengeId ?? '')()
        : Promise.resolve(E.right(undefined)),
      intent.proxyId === undefined
        ? Promise.resolve(E.right(undefined))
        : proxyContactAt(deps.store, intent.patientId, intent.proxyId, before)(),
    ] as const);
    // The first that failed, in the order above (as sequenceS reported it).
    if (E.isLeft(log)) return log;
    if (E.isLeft(patient)) return patient;
    if (E.isLeft(organisation)) return organisation;
    if (E.isLeft(challenge)) return challenge;
    if (E.isLeft(proxy)) return proxy;
    return E.right({
      log: log.right,
      patient: patient.right,
      organisation: organisation.right,
      challenge: challenge.right,
      proxy: proxy.right,
    });
  };

/** Sends the intent's message (or finds there is nothing worth sending): the event to record. */
const decide = async (
  deps: DeliverDeps,
  intent: Intent,
  reads: Reads,
): Promise<NotificationEvent> => {
  const input = templateFor(deps, intent, reads);
  if (typeof input === 'string') return failed(intent, input);
  if (input.kind === 'portal-approval-request') return portalItem(intent);
  if (intent.proxyId !== undefined)
    return reads.proxy === undefined
      ? failed(intent, 'no-contact-details')
      : sendToFirstThatTakes(deps, intent, input, reads.proxy);
  if (reads.patient.status !== 'registered') return failed(intent, 'no-contact-details');
  return sendToFirstThatTakes(deps, intent, input, reads.patient.contact);
};

const outcomeOf = (intent: Intent, event: NotificationEvent): IntentOutcome =>
  event.type === 'NotificationSent'
    ? {
        _tag: 'Sent',
        causationEventId: event.data.causationEventId,
        kind: intent.kind,
        channel: event.data.channel,
      }
    : {
        _tag: 'Failed',
        causationEventId: event.data.causationEventId,
        kind: intent.kind,
        reason: event.data.reason,
      };

/**
 * Delivers one intent at most once per record: skipped when the patient's notification
 * stream already answers it; otherwise sent (or given up on) and then recorded.
 */
export const deliverIntent =
  (deps: DeliverDeps, intent: Intent): TE.TaskEither<StoreError, IntentOutcome> =>
  async () => {
    const reads = await readFor(deps, intent)();
    if (E.isLeft(reads)) return reads;
    const kind = answerKind(intent.kind, intent.proxyId, intent.opened);
    if (reads.right.log.answered(intent.cause.metadata.eventId, kind))
      return E.right({
        _tag: 'AlreadyRecorded',
        causationEventId: intent.cause.metadata.eventId,
        kind: intent.kind,
      });
    if (deps.beforeSend !== undefined) {
      const allowed = await deps.beforeSend()();
      if (E.isLeft(allowed)) return allowed;
    }
    const event = await decide(deps, intent, reads.right);
    const recorded = await recordOutcome(deps, intent, event, reads.right.log)();
    return E.isLeft(recorded) ? recorded : E.right(outcomeOf(intent, event));
  };
