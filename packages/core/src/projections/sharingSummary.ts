import type { OrganisationId } from '../organisation/codecs.js';
import type { PreferenceView, SharingInView } from './views.js';
import type { ConsentAnswer } from '../consentRecord/sharing/codecs.js';
import type { Projection } from './projection.js';

interface CareView {
  readonly organisationId: OrganisationId;
  readonly since: string;
  readonly selfClaimed: boolean;
}

interface LabelConsentView {
  readonly organisationId: OrganisationId;
  readonly label: string;
}

/** A patient's choices as they stand, with who set them and when (`canSeeNow` is computed at query time). */
export interface PatientSharing {
  /** Key: organisation id, or `*` for the preference for all organisations. */
  readonly preferences: Readonly<Record<string, PreferenceView>>;
  readonly sharingIn: Readonly<Record<string, SharingInView>>;
  readonly sharingOut: Readonly<Record<string, ConsentAnswer>>;
  /** Key: `organisationId label`. */
  readonly labelConsents: Readonly<Record<string, LabelConsentView>>;
  readonly care: Readonly<Record<string, CareView>>;
}

/** The same records, owned by the projection and updated in place (see `Projection`). */
interface HeldSharing {
  readonly preferences: Record<string, PreferenceView>;
  readonly sharingIn: Record<string, SharingInView>;
  readonly sharingOut: Record<string, ConsentAnswer>;
  readonly labelConsents: Record<string, LabelConsentView>;
  readonly care: Record<string, CareView>;
}

export type SharingSummaryState = Map<string, HeldSharing>;

const heldFor = (state: SharingSummaryState, patientId: string): HeldSharing => {
  const held = state.get(patientId);
  if (held !== undefined) return held;
  const fresh: HeldSharing = {
    preferences: {},
    sharingIn: {},
    sharingOut: {},
    labelConsents: {},
    care: {},
  };
  state.set(patientId, fresh);
  return fresh;
};

export const sharingSummaryProjection: Projection<SharingSummaryState> = {
  name: 'sharingSummary',
  initialState: () => new Map(),
  evolve: (state, event) => {
    if (!('patientId' in event.data)) return state;
    const patientId = event.data.patientId;
    const at = event.metadata.recordedAt;
    const { actor } = event.metadata;
    const byProxy = actor.kind === 'proxy' ? { byProxy: actor.id } : {};
    switch (event.type) {
      case 'SharingPreferenceSet': {
        const { organisationId, preference, setBy, until } = event.data;
        const view: PreferenceView = {
          preference,
          setBy,
          setAt: at,
          ...(organisationId === undefined ? {} : { organisationId }),
          ...(until === undefined ? {} : { until }),
          ...byProxy,
        };
        heldFor(state, patientId).preferences[organisationId ?? '*'] = view;
        return state;
      }
      case 'SharingPreferenceCleared':
        delete heldFor(state, patientId).preferences[event.data.organisationId ?? '*'];
        return state;
      case 'SharingInConsentRecorded': {
        const { organisationId, answer, route, until } = event.data;
        heldFor(state, patientId).sharingIn[organisationId] = {
          organisationId,
          ...(until === undefined ? {} : { until }),
          answer,
          route,
          recordedAt: at,
          ...byProxy,
        };
        return state;
      }
      case 'SharingInConsentWithdrawn':
        delete heldFor(state, patientId).sharingIn[event.data.organisationId];
        return state;
      case 'SharingOutConsentRecorded':
        heldFor(state, patientId).sharingOut[event.data.organisationId] = event.data.answer;
        return state;
      case 'SensitiveLabelConsentRecorded': {
        const { organisationId, label } = event.data;
        heldFor(state, patientId).labelConsents[`${organisationId} ${label}`] = {
          organisationId,
          label,
        };
        return state;
      }
      case 'CareRelationshipStarted': {
        const { organisationId, selfClaimed } = event.data;
        heldFor(state, patientId).care[organisationId] = { organisationId, since: at, selfClaimed };
        return state;
      }
      case 'CareRelationshipEnded':
        delete heldFor(state, patientId).care[event.data.organisationId];
        return state;
      default:
        return state;
    }
  },
};

/** A copy: later events do not change a summary already returned. */
export const sharingOf = (state: SharingSummaryState, patientId: string): PatientSharing => {
  const held = state.get(patientId);
  return held === undefined
    ? { preferences: {}, sharingIn: {}, sharingOut: {}, labelConsents: {}, care: {} }
    : {
        preferences: { ...held.preferences },
        sharingIn: { ...held.sharingIn },
        sharingOut: { ...held.sharingOut },
        labelConsents: { ...held.labelConsents },
        care: { ...held.care },
      };
};
