import type { OrganisationId } from '../organisation/codecs.js';
import type { PreferenceView, SharingInView } from '../application/results.js';
import type { ConsentAnswer } from '../sharing/codecs.js';
import type { Projection } from './projection.js';

/** A patient's choices as they stand, with who set them and when (`canSeeNow` is computed at query time). */
export interface PatientSharing {
  /** Key: organisation id, or `*` for the preference for all organisations. */
  readonly preferences: Readonly<Record<string, PreferenceView>>;
  readonly sharingIn: Readonly<Record<string, SharingInView>>;
  readonly sharingOut: Readonly<Record<string, ConsentAnswer>>;
  readonly care: Readonly<Record<string, { readonly organisationId: OrganisationId; readonly since: string; readonly selfClaimed: boolean }>>;
}

export type SharingSummaryState = Readonly<Record<string, PatientSharing>>;

const empty: PatientSharing = { preferences: {}, sharingIn: {}, sharingOut: {}, care: {} };
const drop = <V>(r: Readonly<Record<string, V>>, key: string): Readonly<Record<string, V>> => {
  const { [key]: _, ...rest } = r;
  return rest;
};

export const sharingSummaryProjection: Projection<SharingSummaryState> = {
  name: 'sharingSummary',
  initialState: () => ({}),
  evolve: (state, event) => {
    if (!('patientId' in event.data)) return state;
    const patientId = event.data.patientId;
    const held = state[patientId] ?? empty;
    const at = event.metadata.recordedAt;
    const put = (next: PatientSharing): SharingSummaryState => ({ ...state, [patientId]: next });
    switch (event.type) {
      case 'SharingPreferenceSet': {
        const { organisationId, preference, setBy, until } = event.data;
        const view: PreferenceView = { preference, setBy, setAt: at, ...(organisationId === undefined ? {} : { organisationId }), ...(until === undefined ? {} : { until }) };
        return put({ ...held, preferences: { ...held.preferences, [organisationId ?? '*']: view } });
      }
      case 'SharingPreferenceCleared':
        return put({ ...held, preferences: drop(held.preferences, event.data.organisationId ?? '*') });
      case 'SharingInConsentRecorded': {
        const { organisationId, answer, route } = event.data;
        return put({ ...held, sharingIn: { ...held.sharingIn, [organisationId]: { organisationId, answer, route, recordedAt: at } } });
      }
      case 'SharingInConsentWithdrawn':
        return put({ ...held, sharingIn: drop(held.sharingIn, event.data.organisationId) });
      case 'SharingOutConsentRecorded':
        return put({ ...held, sharingOut: { ...held.sharingOut, [event.data.organisationId]: event.data.answer } });
      case 'CareRelationshipStarted': {
        const { organisationId, selfClaimed } = event.data;
        return put({ ...held, care: { ...held.care, [organisationId]: { organisationId, since: at, selfClaimed } } });
      }
      case 'CareRelationshipEnded':
        return put({ ...held, care: drop(held.care, event.data.organisationId) });
      default:
        return state;
    }
  },
};

export const sharingOf = (state: SharingSummaryState, patientId: string): PatientSharing => state[patientId] ?? empty;
