import type {
  Area,
  OdsCode,
  OrganisationId,
  OrganisationKind,
  OrganisationName,
} from './codecs.js';
import type { OrganisationEvent } from './events.js';

interface Details {
  readonly organisationId: OrganisationId;
  readonly odsCode: OdsCode;
  readonly name: OrganisationName;
  readonly kind: OrganisationKind;
  readonly area: Area;
}

export type OrganisationState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'active' } & Details)
  | ({ readonly status: 'closed' } & Details);

export const initialState = (): OrganisationState => ({ status: 'unregistered' });

export const evolve = (state: OrganisationState, event: OrganisationEvent): OrganisationState => {
  switch (event.type) {
    case 'OrganisationRegistered':
      return { status: 'active', ...event.data };
    case 'OrganisationClosed':
      return state.status === 'active' ? { ...state, status: 'closed' } : state;
  }
};
