import * as E from 'fp-ts/lib/Either.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import type { OrganisationCommand } from './commands.js';
import type { OrganisationEvent } from './events.js';
import { evolve, initialState, type OrganisationState } from './state.js';

type Result = E.Either<ConsentryError, readonly OrganisationEvent[]>;

export const decide = (command: OrganisationCommand, state: OrganisationState): Result => {
  switch (command.type) {
    case 'RegisterOrganisation':
      return state.status === 'unregistered'
        ? E.right([{ type: 'OrganisationRegistered', data: command.data }])
        : E.left(
            consentryError('Conflict', {
              message: 'An organisation with this id is already registered',
            }),
          );
    case 'CloseOrganisation':
      if (state.status === 'unregistered')
        return E.left(consentryError('UnknownOrganisation', { message: 'No such organisation' }));
      return E.right(
        state.status === 'closed'
          ? []
          : [{ type: 'OrganisationClosed', data: { organisationId: state.organisationId } }],
      );
    default:
      return assertNever(command);
  }
};

export const organisationDecider: Decider<
  OrganisationCommand,
  OrganisationEvent,
  OrganisationState,
  ConsentryError
> = {
  decide,
  evolve,
  initialState,
};
