import * as E from 'fp-ts/lib/Either.js';
import { assertNever, type Decider } from '../../shared/decider.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import type { CareCommand } from './commands.js';
import type { CareEvent } from './events.js';
import { activeRelationship, evolve, initialState, type CareState } from './state.js';

type Result = E.Either<ConsentryError, readonly CareEvent[]>;

const review = (
  command: Extract<CareCommand, { type: 'ReviewRelationship' }>,
  state: CareState,
): Result => {
  const held = state.relationships[command.data.relationshipId];
  if (held === undefined || !held.selfClaimed) {
    return E.left(
      consentryError('Conflict', { message: 'No self-claimed care relationship with this id' }),
    );
  }
  if (held.reviewed)
    return E.left(
      consentryError('Conflict', { message: 'This relationship was already reviewed' }),
    );
  return E.right([
    {
      type: 'CareRelationshipReviewed',
      data: { ...command.data, organisationId: held.organisationId },
    },
  ]);
};

export const decide = (command: CareCommand, state: CareState): Result => {
  switch (command.type) {
    case 'StartCare':
      // Starting care that is already active changes nothing (and raises no second alert).
      return E.right(
        activeRelationship(state, command.data.organisationId) === undefined
          ? [{ type: 'CareRelationshipStarted', data: command.data }]
          : [],
      );
    case 'EndCare': {
      const held = activeRelationship(state, command.data.organisationId);
      return held === undefined
        ? E.left(
            consentryError('Conflict', { message: 'There is no active care relationship to end' }),
          )
        : E.right([
            {
              type: 'CareRelationshipEnded',
              data: { ...command.data, relationshipId: held.relationshipId },
            },
          ]);
    }
    case 'ReviewRelationship':
      return review(command, state);
    default:
      return assertNever(command);
  }
};

export const careDecider: Decider<CareCommand, CareEvent, CareState, ConsentryError> = {
  decide,
  evolve,
  initialState,
};
