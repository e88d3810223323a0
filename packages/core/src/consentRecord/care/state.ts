import type { OrganisationId } from '../../organisation/codecs.js';
import type { CareSource, RelationshipId } from './codecs.js';
import type { CareEvent, ReviewOutcome } from './events.js';

export interface Relationship {
  readonly relationshipId: RelationshipId;
  readonly organisationId: OrganisationId;
  readonly selfClaimed: boolean;
  /** Where it came from: the organisation's system feed, a referral, or a self-claim by staff. */
  readonly source: CareSource;
  readonly referredBy?: OrganisationId;
  readonly status: 'active' | 'ended';
  /** Only self-claimed relationships are reviewed. */
  readonly reviewed: boolean;
  /** The privacy officer's finding, once reviewed. */
  readonly review?: ReviewOutcome;
}

/** Every relationship the patient has had, by id, and the active one per organisation. */
export interface CareState {
  readonly relationships: Readonly<Record<string, Relationship>>;
  readonly activeByOrganisation: Readonly<Record<string, RelationshipId>>;
}

/** Events recorded before sources were named say only whether the relationship was self-claimed. */
export const sourceOf = (data: {
  readonly selfClaimed: boolean;
  readonly source?: CareSource;
}): CareSource => data.source ?? (data.selfClaimed ? 'self-claim' : 'feed');

export const initialState = (): CareState => ({ relationships: {}, activeByOrganisation: {} });

const update = (state: CareState, id: string, change: Partial<Relationship>): CareState => {
  const held = state.relationships[id];
  return held === undefined
    ? state
    : { ...state, relationships: { ...state.relationships, [id]: { ...held, ...change } } };
};

export const evolve = (state: CareState, event: CareEvent): CareState => {
  switch (event.type) {
    case 'CareRelationshipStarted': {
      const { relationshipId, organisationId, selfClaimed, referredBy } = event.data;
      const source = sourceOf(event.data);
      return {
        relationships: {
          ...state.relationships,
          [relationshipId]: {
            relationshipId,
            organisationId,
            selfClaimed,
            source,
            ...(referredBy === undefined ? {} : { referredBy }),
            status: 'active',
            reviewed: false,
          },
        },
        activeByOrganisation: { ...state.activeByOrganisation, [organisationId]: relationshipId },
      };
    }
    case 'CareRelationshipEnded': {
      const { [event.data.organisationId]: _, ...rest } = state.activeByOrganisation;
      return {
        ...update(state, event.data.relationshipId, { status: 'ended' }),
        activeByOrganisation: rest,
      };
    }
    case 'CareRelationshipReviewed':
      return update(state, event.data.relationshipId, {
        reviewed: true,
        review: event.data.outcome,
      });
  }
};

export const activeRelationship = (
  state: CareState,
  organisationId: string,
): Relationship | undefined => {
  const id = state.activeByOrganisation[organisationId];
  return id === undefined ? undefined : state.relationships[id];
};
