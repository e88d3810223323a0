import type { Alert } from './views.js';
import { REFUSAL_WINDOW_HOURS, REFUSALS_FOR_ALERT } from '../refusals/events.js';
import type { Projection } from './projection.js';

/**
 * Privacy-officer alerts: every emergency access, every self-claimed care relationship, and
 * three refused attempts by one organisation for one patient within 24 hours; with review state.
 */
export interface AlertsState {
  readonly alerts: Map<string, Alert>;
  /** Times of recent refused attempts, by `<patientId> <organisationId>`. */
  readonly refusals: Map<string, string[]>;
}

const WINDOW_MS = REFUSAL_WINDOW_HOURS * 3_600_000;

/** Counts the refusal; on the third within the window (and none of that pair's alerts open), an alert. */
const countRefusal = (
  state: AlertsState,
  patientId: Alert['patientId'],
  organisationId: Alert['organisationId'],
  alert: Pick<Alert, 'alertId' | 'raisedBy' | 'raisedAt'>,
): void => {
  const key = `${patientId} ${organisationId}`;
  const since = new Date(alert.raisedAt).getTime() - WINDOW_MS;
  const recent = (state.refusals.get(key) ?? []).filter((at) => new Date(at).getTime() > since);
  recent.push(alert.raisedAt);
  state.refusals.set(key, recent);
  if (recent.length < REFUSALS_FOR_ALERT) return;
  const alreadyOpen = [...state.alerts.values()].some(
    (a) =>
      a.kind === 'repeated-refusals' &&
      a.status === 'open' &&
      a.patientId === patientId &&
      a.organisationId === organisationId,
  );
  if (alreadyOpen) return;
  state.refusals.set(key, []);
  state.alerts.set(alert.alertId, {
    ...alert,
    kind: 'repeated-refusals',
    patientId,
    organisationId,
    detail: `${recent.length} refused attempts within ${REFUSAL_WINDOW_HOURS} hours`,
    status: 'open',
  });
};

const reviewed = (state: AlertsState, alertId: string, review: Alert['review']): void => {
  const held = state.alerts.get(alertId);
  // A new object, not an edit: an alert already handed to a caller stays as it was.
  if (held !== undefined && review !== undefined)
    state.alerts.set(alertId, { ...held, status: 'reviewed', review });
};

export const alertsProjection: Projection<AlertsState> = {
  name: 'alerts',
  initialState: () => ({ alerts: new Map(), refusals: new Map() }),
  evolve: (state, event) => {
    const at = event.metadata.recordedAt;
    const raisedBy = event.metadata.actor;
    switch (event.type) {
      case 'EmergencyAccessInvoked': {
        const { emergencyId, patientId, organisationId, justification } = event.data;
        state.alerts.set(emergencyId, {
          alertId: emergencyId,
          kind: 'emergency-access',
          patientId,
          organisationId,
          raisedBy,
          raisedAt: at,
          detail: justification,
          status: 'open',
        });
        return state;
      }
      case 'CareRelationshipStarted': {
        const { relationshipId, patientId, organisationId, selfClaimed, reason } = event.data;
        if (selfClaimed) {
          state.alerts.set(relationshipId, {
            alertId: relationshipId,
            kind: 'self-claimed-relationship',
            patientId,
            organisationId,
            raisedBy,
            raisedAt: at,
            detail: reason ?? 'self-claimed care relationship',
            status: 'open',
          });
        }
        return state;
      }
      // The old practice is told: the new one now has the registered-practice rule.
      case 'RegisteredPracticeChanged': {
        const { patientId, practiceId, previousPracticeId } = event.data;
        state.alerts.set(event.metadata.eventId, {
          alertId: event.metadata.eventId,
          kind: 'practice-changed',
          patientId,
          organisationId: previousPracticeId,
          raisedBy,
          raisedAt: at,
          detail: `registered at ${practiceId} (was ${previousPracticeId})`,
          status: 'open',
        });
        return state;
      }
      case 'AttemptRefused': {
        const { patientId, organisationId } = event.data;
        if (organisationId !== undefined)
          countRefusal(state, patientId, organisationId, {
            alertId: event.metadata.eventId,
            raisedBy,
            raisedAt: at,
          });
        return state;
      }
      case 'EmergencyAccessReviewed':
      case 'CareRelationshipReviewed':
      case 'RefusalsReviewed': {
        const { outcome, notes } = event.data;
        const alertId =
          event.type === 'EmergencyAccessReviewed'
            ? event.data.emergencyId
            : event.type === 'CareRelationshipReviewed'
              ? event.data.relationshipId
              : event.data.alertId;
        reviewed(state, alertId, {
          outcome,
          at,
          by: event.metadata.actor,
          ...(notes === undefined ? {} : { notes }),
        });
        return state;
      }
      default:
        return state;
    }
  },
};

export const alertOf = (state: AlertsState, alertId: string): Alert | undefined =>
  state.alerts.get(alertId);

export const alertsWith = (
  state: AlertsState,
  status: 'open' | 'reviewed' | 'all',
): readonly Alert[] =>
  [...state.alerts.values()]
    .filter((a) => status === 'all' || a.status === status)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
