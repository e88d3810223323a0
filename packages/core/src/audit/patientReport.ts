import type { Actor, RecordedEvent } from '../eventStore/envelope.js';
import { NotificationEvent } from '../notification/events.js';
import { toProjected } from '../projections/projection.js';
import type { RuleStep } from '../access/policy/decision.js';

/** What a line of the report is about; an auditor can filter on it. */
export type ReportKind = 'decision' | 'emergency' | 'view' | 'verification' | 'choice' | 'care' | 'message';

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

// One line per domain event of the patient's consent stream; undefined = not for the report.
const describe = (event: RecordedEvent): Described | undefined => {
  const projected = toProjected(event);
  if (projected === undefined) return undefined;
  const o = 'organisationId' in projected.data ? projected.data.organisationId : undefined;
  const at = (kind: ReportKind, summary: string, trail?: readonly RuleStep[]): Described => ({
    kind,
    summary,
    ...(o === undefined ? {} : { organisationId: o }),
    ...(trail === undefined ? {} : { trail: trail as readonly RuleStep[] }),
  });
  switch (projected.type) {
    case 'AccessRequested':
      return at('decision', `asked to see the record (${projected.data.purpose})${projected.data.justification === undefined ? '' : `: "${projected.data.justification}"`}`);
    case 'AccessGranted':
      return at('decision', `PERMIT — ${projected.data.basis}${projected.data.until === undefined ? '' : ` until ${projected.data.until}`}`, projected.data.trail as RuleStep[]);
    case 'AccessDenied':
      return at('decision', `DENY — ${projected.data.reason}`, projected.data.trail as RuleStep[]);
    case 'AccessReferredToPatient':
      return at('decision', `${projected.data.outcome.toUpperCase()} — the patient must answer first`, projected.data.trail as RuleStep[]);
    case 'EmergencyAccessInvoked':
      return at('emergency', `emergency access until ${projected.data.until}: "${projected.data.justification}"`);
    case 'EmergencyAccessReviewed':
      return at('emergency', `emergency access reviewed: ${projected.data.outcome}`);
    case 'RecordViewed':
      return at('view', `opened the record (${projected.data.basis})`);
    case 'VerificationChallengeIssued':
      return at('verification', `verification challenge issued by ${projected.data.channel}, expires ${projected.data.expiresAt}`);
    case 'VerificationCodeResent':
      return at('verification', `code resent by ${projected.data.channel}`);
    case 'VerificationCodeRejected':
      return at('verification', `wrong code entered, ${projected.data.attemptsLeft} attempts left`);
    case 'VerificationChallengeLocked':
      return at('verification', 'challenge locked after too many wrong codes');
    case 'VerificationChallengeExpired':
      return at('verification', 'challenge expired unanswered');
    case 'VerificationChallengeSucceeded':
      return at('verification', 'correct code entered');
    case 'OnlineApprovalGiven':
      return at('verification', 'patient approved online');
    case 'OnlineApprovalRefused':
      return at('verification', 'patient refused online');
    case 'SharingPreferenceSet':
      return at('choice', `preference ${projected.data.preference} for ${o ?? 'all organisations'} (set by ${projected.data.setBy})${projected.data.until === undefined ? '' : ` until ${projected.data.until}`}`);
    case 'SharingPreferenceCleared':
      return at('choice', `preference for ${o ?? 'all organisations'} cleared`);
    case 'SharingInConsentRecorded':
      return at('choice', `sharing-in ${projected.data.answer} recorded (${projected.data.route})`);
    case 'SharingInConsentWithdrawn':
      return at('choice', 'sharing-in consent withdrawn');
    case 'SharingOutConsentRecorded':
      return at('choice', `sharing-out ${projected.data.answer} recorded`);
    case 'CareRelationshipStarted':
      return at('care', `care relationship started${projected.data.selfClaimed ? ' (self-claimed)' : ''}${projected.data.reason === undefined ? '' : `: ${projected.data.reason}`}`);
    case 'CareRelationshipEnded':
      return at('care', 'care relationship ended');
    case 'CareRelationshipReviewed':
      return at('care', `self-claimed relationship reviewed: ${projected.data.outcome}`);
    default:
      return undefined;
  }
};

const describeMessage = (event: RecordedEvent): Described | undefined => {
  const decoded = NotificationEvent.decode({ type: event.type, data: event.data });
  if (decoded._tag === 'Left') return undefined;
  const n = decoded.right;
  return n.type === 'NotificationSent'
    ? { kind: 'message', summary: `message sent: ${n.data.kind} by ${n.data.channel} (${n.data.notifier})` }
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
export const patientReport = (events: readonly RecordedEvent[], window: ReportWindow = {}): readonly ReportEntry[] => {
  const inWindow = (at: string): boolean => {
    const t = new Date(at).getTime();
    return (window.from === undefined || t >= window.from.getTime()) && (window.to === undefined || t <= window.to.getTime());
  };
  return [...events]
    .sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0))
    .flatMap((event) => {
      if (!inWindow(event.metadata.recordedAt)) return [];
      const d = describe(event) ?? describeMessage(event);
      if (d === undefined) return [];
      const { recordedAt, actor, reason } = event.metadata;
      return [{ at: recordedAt, event: event.type, actor, ...d, ...(reason === undefined ? {} : { reason }) }];
    });
};
