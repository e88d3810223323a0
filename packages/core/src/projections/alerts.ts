import type { Alert } from '../application/results.js';
import type { Projection } from './projection.js';

/** Privacy-officer alerts: every emergency access and every self-claimed care relationship, with review state. */
export type AlertsState = Readonly<Record<string, Alert>>;

const reviewed = (state: AlertsState, alertId: string, review: NonNullable<Alert['review']>): AlertsState => {
  const held = state[alertId];
  return held === undefined ? state : { ...state, [alertId]: { ...held, status: 'reviewed', review } };
};

export const alertsProjection: Projection<AlertsState> = {
  name: 'alerts',
  initialState: () => ({}),
  evolve: (state, event) => {
    const at = event.metadata.recordedAt;
    switch (event.type) {
      case 'EmergencyAccessInvoked': {
        const { emergencyId, patientId, organisationId, justification } = event.data;
        return { ...state, [emergencyId]: { alertId: emergencyId, kind: 'emergency-access', patientId, organisationId, raisedAt: at, detail: justification, status: 'open' } };
      }
      case 'CareRelationshipStarted': {
        const { relationshipId, patientId, organisationId, selfClaimed, reason } = event.data;
        if (!selfClaimed) return state;
        return { ...state, [relationshipId]: { alertId: relationshipId, kind: 'self-claimed-relationship', patientId, organisationId, raisedAt: at, detail: reason ?? 'self-claimed care relationship', status: 'open' } };
      }
      case 'EmergencyAccessReviewed':
      case 'CareRelationshipReviewed': {
        const { outcome, notes } = event.data;
        const alertId = event.type === 'EmergencyAccessReviewed' ? event.data.emergencyId : event.data.relationshipId;
        return reviewed(state, alertId, { outcome, at, by: event.metadata.actor, ...(notes === undefined ? {} : { notes }) });
      }
      default:
        return state;
    }
  },
};

export const alertsWith = (state: AlertsState, status: 'open' | 'reviewed' | 'all'): readonly Alert[] =>
  Object.values(state)
    .filter((a) => status === 'all' || a.status === status)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
