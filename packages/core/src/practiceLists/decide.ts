import * as E from 'fp-ts/lib/Either.js';
import { assertNever, type Decider } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import type { PracticeListsCommand } from './commands.js';
import type { PracticeListsEvent } from './events.js';
import { evolve, initialState, listEntryOf, type PracticeListsState } from './state.js';

/** Idempotent: asking for what is already so appends nothing. */
export const decide = (
  command: PracticeListsCommand,
  state: PracticeListsState,
): E.Either<ConsentryError, readonly PracticeListsEvent[]> => {
  const current = listEntryOf(state, command.data.organisationId);
  switch (command.type) {
    case 'AllowOrganisation':
      return E.right(
        current === 'allowed' ? [] : [{ type: 'OrganisationAllowed', data: command.data }],
      );
    case 'ProhibitOrganisation':
      return E.right(
        current === 'prohibited' ? [] : [{ type: 'OrganisationProhibited', data: command.data }],
      );
    case 'RemoveFromLists':
      return E.right(
        current === undefined ? [] : [{ type: 'OrganisationListEntryRemoved', data: command.data }],
      );
    default:
      return assertNever(command.type);
  }
};

export const practiceListsDecider: Decider<
  PracticeListsCommand,
  PracticeListsEvent,
  PracticeListsState,
  ConsentryError
> = {
  decide,
  evolve,
  initialState,
};
