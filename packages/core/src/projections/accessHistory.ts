import type { Purpose } from '../access/codecs.js';
import type { AccessHistory } from '../application/results.js';
import type { Projection } from './projection.js';

/** Per patient: who opened the record (views and emergencies) and who was refused. */
export interface AccessHistoryState {
  readonly byPatient: Readonly<Record<string, AccessHistory>>;
  /** requestId → purpose, to say what a refused request was for. */
  readonly purposes: Readonly<Record<string, Purpose>>;
}

const historyOf = (state: AccessHistoryState, patientId: string): AccessHistory =>
  state.byPatient[patientId] ?? ({ patientId, entries: [], refused: [] } as unknown as AccessHistory);

const withHistory = (state: AccessHistoryState, patientId: string, change: (h: AccessHistory) => AccessHistory): AccessHistoryState => ({
  ...state,
  byPatient: { ...state.byPatient, [patientId]: change(historyOf(state, patientId)) },
});

export const accessHistoryProjection: Projection<AccessHistoryState> = {
  name: 'accessHistory',
  initialState: () => ({ byPatient: {}, purposes: {} }),
  evolve: (state, event) => {
    const { actor, recordedAt: at } = event.metadata;
    switch (event.type) {
      case 'AccessRequested':
        return { ...state, purposes: { ...state.purposes, [event.data.requestId]: event.data.purpose } };
      case 'RecordViewed': {
        const { organisationId, basis } = event.data;
        return withHistory(state, event.data.patientId, (h) => ({ ...h, entries: [...h.entries, { organisationId, at, kind: 'viewed', basis, actor }] }));
      }
      case 'EmergencyAccessInvoked': {
        const { organisationId, justification } = event.data;
        return withHistory(state, event.data.patientId, (h) => ({
          ...h,
          entries: [...h.entries, { organisationId, at, kind: 'emergency', basis: 'emergency', actor, justification }],
        }));
      }
      case 'AccessDenied': {
        const { organisationId, reason, requestId } = event.data;
        const purpose = state.purposes[requestId] ?? 'TREAT';
        return withHistory(state, event.data.patientId, (h) => ({ ...h, refused: [...h.refused, { organisationId, at, purpose, reason, actor }] }));
      }
      default:
        return state;
    }
  },
};

export const accessHistoryOf = (state: AccessHistoryState, patientId: string): AccessHistory => historyOf(state, patientId);
