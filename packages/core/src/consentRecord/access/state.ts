import type { OrganisationId } from '../../organisation/codecs.js';
import type { AccessEvent } from './events.js';

export interface EmergencyGrant {
  readonly emergencyId: string;
  readonly organisationId: OrganisationId;
  readonly until: string;
  readonly reviewed: boolean;
}

/** What later decisions need from past access events: the emergency windows. */
export interface AccessState {
  readonly emergencies: Readonly<Record<string, EmergencyGrant>>;
}

export const initialState = (): AccessState => ({ emergencies: {} });

export const evolve = (state: AccessState, event: AccessEvent): AccessState => {
  switch (event.type) {
    case 'EmergencyAccessInvoked': {
      const { emergencyId, organisationId, until } = event.data;
      return {
        emergencies: {
          ...state.emergencies,
          [emergencyId]: { emergencyId, organisationId, until, reviewed: false },
        },
      };
    }
    case 'EmergencyAccessReviewed': {
      const held = state.emergencies[event.data.emergencyId];
      return held === undefined
        ? state
        : {
            emergencies: { ...state.emergencies, [held.emergencyId]: { ...held, reviewed: true } },
          };
    }
    case 'AccessRequested':
    case 'AccessGranted':
    case 'AccessDenied':
    case 'AccessReferredToPatient':
    case 'RecordViewed':
      return state;
  }
};

/** The latest end of an emergency window for O that is still open at `now`. */
export const activeEmergencyUntil = (
  state: AccessState,
  organisationId: string,
  now: Date,
): string | undefined =>
  Object.values(state.emergencies)
    .filter(
      (e) => e.organisationId === organisationId && new Date(e.until).getTime() > now.getTime(),
    )
    .map((e) => e.until)
    .sort()
    .at(-1);
