import type { PracticeListsEvent } from './events.js';

export type ListEntry = 'allowed' | 'prohibited';

/** The practice's lists: organisation id → which list it is on (one list at most). */
export interface PracticeListsState {
  readonly entries: Readonly<Record<string, ListEntry>>;
}

export const initialState = (): PracticeListsState => ({ entries: {} });

export const evolve = (
  state: PracticeListsState,
  event: PracticeListsEvent,
): PracticeListsState => {
  const { organisationId } = event.data;
  switch (event.type) {
    case 'OrganisationAllowed':
      return { entries: { ...state.entries, [organisationId]: 'allowed' } };
    case 'OrganisationProhibited':
      return { entries: { ...state.entries, [organisationId]: 'prohibited' } };
    case 'OrganisationListEntryRemoved': {
      const { [organisationId]: _, ...rest } = state.entries;
      return { entries: rest };
    }
  }
};

export const listEntryOf = (
  state: PracticeListsState,
  organisationId: string,
): ListEntry | undefined => state.entries[organisationId];
