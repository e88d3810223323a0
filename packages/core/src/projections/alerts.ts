import type { Alert } from '../application/results.js';
import type { Projection } from './projection.js';

/** Privacy-officer alerts: every emergency access and every self-claimed care relationship, with review state. */
export type AlertsState = Map<string, Alert>;

export const alertsProjection: Projection<AlertsState> = {
  name: 'alerts',
  initialState: () => new Map(),
  evolve: (state, event) => {
    const at = event.metadata.recordedAt;
    switch (event.type) {
      case 'EmergencyAccessInvoked': {
        const { emergencyId, patientId, organisationId, justification } = event.data;
        state.set(emergencyId, {
          alertId: emergencyId,
          kind: 'emergency-access',
          patientId,
          organisationId,
          raisedAt: at,
          detail: justification,
          status: 'open',
        });
        return state;
      }
      case 'CareRelationshipStarted': {
        const { relationshipId, patientId, organisationId, selfClaimed, reason } = event.data;
        if (selfClaimed) {
          state.set(relationshipId, {
            alertId: relationshipId,
            kind: 'self-claimed-relationship',
            patientId,
            organisationId,
            raisedAt: at,
            detail: reason ?? 'self-claimed care relationship',
            status: 'open',
          });
        }
        return state;
      }
      case 'EmergencyAccessReviewed':
      case 'CareRelationshipReviewed': {
        const { outcome, notes } = event.data;
        const alertId =
          event.type === 'EmergencyAccessReviewed'
            ? event.data.emergencyId
            : event.data.relationshipId;
        const held = state.get(alertId);
        // A new object, not an edit: an alert already handed to a caller stays as it was.
        if (held !== undefined)
          state.set(alertId, {
            ...held,
            status: 'reviewed',
            review: {
              outcome,
              at,
              by: event.metadata.actor,
              ...(notes === undefined ? {} : { notes }),
            },
          });
        return state;
      }
      default:
        return state;
    }
  },
};

export const alertOf = (state: AlertsState, alertId: string): Alert | undefined =>
  state.get(alertId);

export const alertsWith = (
  state: AlertsState,
  status: 'open' | 'reviewed' | 'all',
): readonly Alert[] =>
  [...state.values()]
    .filter((a) => status === 'all' || a.status === status)
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
