import type { Actor, RecordedEvent } from '../eventStore/envelope.js';
import { NotificationEvent } from '../notification/events.js';
import { toProjected, type ProjectedEvent } from '../projections/projection.js';
import { NOT_OURS, UNDECODABLE, eventReader } from '../streams/reader.js';
import type { RuleStep } from '../consentRecord/access/rules/decision.js';

/** What a line of the report is about; an auditor can filter on it. */
export type ReportKind =
  'decision' | 'emergency' | 'view' | 'verification' | 'choice' | 'care' | 'message' | 'proxy';

export interface ReportEntry {
  readonly at: string;
  readonly kind: ReportKind;
  readonly event: string;
  readonly organisationId?: string;
  readonly actor: Actor;
  readonly summary: string;
  readonly reason?: string;
  /** For access decisions: the rule trail as recorded with the decision. */
  readonly trail?: readonly RuleStep[];
}

type Described = Omit<ReportEntry, 'at' | 'event' | 'actor' | 'reason'>;
type Line = readonly [ReportKind, string, (readonly RuleStep[])?];
type Describers = {
  readonly [T in ProjectedEvent['type']]?: (
    data: Extract<ProjectedEvent, { type: T }>['data'],
  ) => Line;
};

const until = (at: string | undefined): string => (at === undefined ? '' : ` until ${at}`);
const trailOf = (
  trail: readonly { rule: string; result: 'passed' | 'decided'; note: string }[],
): readonly RuleStep[] => trail as readonly RuleStep[];

/** One line per event type of a patient's consent stream; a type not here is not reported. */
const describers: Describers = {
  AccessRequested: (d) => [
    'decision',
    `asked to see the record (${d.purpose})${d.justification === undefined ? '' : `: "${d.justification}"`}`,
  ],
  AccessGranted: (d) => ['decision', `PERMIT — ${d.basis}${until(d.until)}`, trailOf(d.trail)],
  AccessDenied: (d) => ['decision', `DENY — ${d.reason}`, trailOf(d.trail)],
  AccessReferredToPatient: (d) => [
    'decision',
    `${d.outcome.toUpperCase()} — the patient must answer first`,
    trailOf(d.trail),
  ],
  EmergencyAccessInvoked: (d) => [
    'emergency',
    `emergency access until ${d.until}: "${d.justification}"`,
  ],
  EmergencyAccessReviewed: (d) => ['emergency', `emergency access reviewed: ${d.outcome}`],
  RecordViewed: (d) => ['view', `opened the record (${d.basis})`],
  VerificationChallengeIssued: (d) => [
    'verification',
    `verification challenge issued by ${d.channel}, expires ${d.expiresAt}`,
  ],
  VerificationCodeResent: (d) => ['verification', `code resent by ${d.channel}`],
  VerificationCodeRejected: (d) => [
    'verification',
    `wrong code entered, ${d.attemptsLeft} attempts left`,
  ],
  VerificationChallengeLocked: () => [
    'verification',
    'challenge locked after too many wrong codes',
  ],
  VerificationChallengeExpired: () => ['verification', 'challenge expired unanswered'],
  VerificationChallengeSucceeded: () => ['verification', 'correct code entered'],
  OnlineApprovalGiven: () => ['verification', 'patient approved online'],
  OnlineApprovalRefused: () => ['verification', 'patient refused online'],
  SharingPreferenceSet: (d) => [
    'choice',
    `preference ${d.preference} for ${d.organisationId ?? 'all organisations'} (set by ${d.setBy})${until(d.until)}`,
  ],
  SharingPreferenceCleared: (d) => [
    'choice',
    `preference for ${d.organisationId ?? 'all organisations'} cleared`,
  ],
  SharingInConsentRecorded: (d) => ['choice', `sharing-in ${d.answer} recorded (${d.route})`],
  SharingInConsentWithdrawn: () => ['choice', 'sharing-in consent withdrawn'],
  SharingOutConsentRecorded: (d) => ['choice', `sharing-out ${d.answer} recorded`],
  CareRelationshipStarted: (d) => [
    'care',
    `care relationship started${d.selfClaimed ? ' (self-claimed)' : ''}${d.reason === undefined ? '' : `: ${d.reason}`}`,
  ],
  CareRelationshipEnded: () => ['care', 'care relationship ended'],
  CareRelationshipReviewed: (d) => ['care', `self-claimed relationship reviewed: ${d.outcome}`],
  ProxyGranted: (d) => [
    'proxy',
    `proxy ${d.proxyId} (${d.relationship}) granted by the ${d.grantedBy}: ${d.scope.join(', ')}${until(d.until)}; evidence ${d.evidence}`,
  ],
  ProxyRevoked: (d) => ['proxy', `proxy ${d.proxyId} revoked by the ${d.revokedBy}`],
  PatientCapacityRecorded: (d) => [
    'proxy',
    d.lacksCapacity ? 'the practice recorded that the patient lacks capacity' : 'capacity recorded',
  ],
  CodesRecipientChosen: (d) => [
    'proxy',
    `codes go to ${d.to === 'patient' ? 'the patient' : d.to === 'proxy' ? 'the proxy' : 'the patient and the proxy'}${d.proxyId === undefined ? '' : ` ${d.proxyId}`}`,
  ],
  EndNoticesChosen: (d) => [
    'choice',
    d.tell
      ? 'asked to be told when time-limited consents end'
      : 'asked not to be told when time-limited consents end',
  ],
  ConsentEndNoticed: (d) => [
    'choice',
    `time-limited ${d.consent} consent for ${d.organisationId ?? 'all organisations'} ended at ${d.until}: the patient is told`,
  ],
  ProxyEndNoticed: (d) => [
    'proxy',
    `proxy ${d.proxyId} (${d.relationship}) no longer in force: ${d.reason === 'ended' ? 'its end date passed' : "the child's 16th birthday"}`,
  ],
};

/** Whatever a proxy did, the report says so: by the proxy, for the patient. */
const byProxy = (actor: Actor): string =>
  actor.kind === 'proxy' ? ` — by proxy ${actor.id} for the patient` : '';

const describe = (event: RecordedEvent): Described | undefined => {
  const projected = toProjected(event);
  if (projected === undefined) return undefined;
  const describer = describers[projected.type] as ((data: unknown) => Line) | undefined;
  if (describer === undefined) return undefined;
  const [kind, summary, trail] = describer(projected.data);
  const organisationId =
    'organisationId' in projected.data ? projected.data.organisationId : undefined;
  return {
    kind,
    summary,
    ...(organisationId === undefined ? {} : { organisationId }),
    ...(trail === undefined ? {} : { trail }),
  };
};

const readNotification = eventReader(NotificationEvent);

const describeMessage = (event: RecordedEvent): Described | undefined => {
  const n = readNotification(event);
  if (n === NOT_OURS || n === UNDECODABLE) return undefined;
  return n.type === 'NotificationSent'
    ? {
        kind: 'message',
        summary: `message sent: ${n.data.kind} by ${n.data.channel} (${n.data.notifier})${n.data.proxyId === undefined ? '' : ` to proxy ${n.data.proxyId}`}`,
      }
    : { kind: 'message', summary: `message NOT sent: ${n.data.kind} — ${n.data.reason}` };
};

export interface ReportWindow {
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * One patient's audit report: every access decision with its rule trail, record views,
 * emergencies, verification steps, changes of choice and care, and the messages sent,
 * in the order recorded. `events` are the patient's consent and notification streams.
 */
export const patientReport = (
  events: readonly RecordedEvent[],
  window: ReportWindow = {},
): readonly ReportEntry[] => {
  const inWindow = (at: string): boolean => {
    const t = new Date(at).getTime();
    return (
      (window.from === undefined || t >= window.from.getTime()) &&
      (window.to === undefined || t <= window.to.getTime())
    );
  };
  return [...events]
    .sort((a, b) =>
      a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0,
    )
    .flatMap((event) => {
      if (!inWindow(event.metadata.recordedAt)) return [];
      const d = describe(event) ?? describeMessage(event);
      if (d === undefined) return [];
      const { recordedAt, actor, reason } = event.metadata;
      return [
        {
          at: recordedAt,
          event: event.type,
          actor,
          ...d,
          summary: `${d.summary}${byProxy(actor)}`,
          ...(reason === undefined ? {} : { reason }),
        },
      ];
    });
};
