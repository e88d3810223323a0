import type { Purpose } from '../consentRecord/access/codecs.js';
import type { AccessHistory, AccessHistoryEntry, ProxyAction, RefusedAttempt } from './views.js';
import type { PatientId } from '../patient/codecs.js';
import type { Projection } from './projection.js';

/** One patient's history as it grows: arrays appended in place (see `Projection`). */
interface GrowingHistory {
  readonly entries: AccessHistoryEntry[];
  readonly refused: RefusedAttempt[];
  readonly byProxy: ProxyAction[];
}

/** Per patient: who opened the record (views and emergencies) and who was refused. */
export interface AccessHistoryState {
  readonly byPatient: Map<string, GrowingHistory>;
  /** requestId → purpose, to say what a refused request was for. */
  readonly purposes: Map<string, Purpose>;
}

const historyOf = (state: AccessHistoryState, patientId: string): GrowingHistory => {
  const held = state.byPatient.get(patientId);
  if (held !== undefined) return held;
  const fresh: GrowingHistory = { entries: [], refused: [], byProxy: [] };
  state.byPatient.set(patientId, fresh);
  return fresh;
};

export const accessHistoryProjection: Projection<AccessHistoryState> = {
  name: 'accessHistory',
  initialState: () => ({ byPatient: new Map(), purposes: new Map() }),
  evolve: (state, event) => {
    const { actor, recordedAt: at } = event.metadata;
    if (actor.kind === 'proxy' && 'patientId' in event.data) {
      const about = (event.data as { organisationId?: ProxyAction['organisationId'] })
        .organisationId;
      historyOf(state, event.data.patientId).byProxy.push({
        at,
        proxyId: actor.id,
        what: event.type,
        ...(about === undefined ? {} : { organisationId: about }),
      });
    }
    switch (event.type) {
      case 'AccessRequested':
        state.purposes.set(event.data.requestId, event.data.purpose);
        return state;
      case 'RecordViewed': {
        const { organisationId, basis } = event.data;
        historyOf(state, event.data.patientId).entries.push({
          organisationId,
          at,
          kind: 'viewed',
          basis,
          actor,
        });
        return state;
      }
      case 'EmergencyAccessInvoked': {
        const { organisationId, justification } = event.data;
        historyOf(state, event.data.patientId).entries.push({
          organisationId,
          at,
          kind: 'emergency',
          basis: 'emergency',
          actor,
          justification,
        });
        return state;
      }
      case 'AccessDenied': {
        const { organisationId, reason, requestId } = event.data;
        const purpose = state.purposes.get(requestId) ?? 'TREAT';
        historyOf(state, event.data.patientId).refused.push({
          organisationId,
          at,
          purpose,
          reason,
          actor,
        });
        return state;
      }
      default:
        return state;
    }
  },
};

/** A copy: later events do not change a history already returned. */
export const accessHistoryOf = (state: AccessHistoryState, patientId: string): AccessHistory => {
  const held = state.byPatient.get(patientId);
  return {
    patientId: patientId as PatientId,
    entries: held === undefined ? [] : [...held.entries],
    refused: held === undefined ? [] : [...held.refused],
    byProxy: held === undefined ? [] : [...held.byProxy],
  };
};
