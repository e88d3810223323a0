import * as E from 'fp-ts/lib/Either.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import type { PatientCommand } from './commands.js';
import type { PatientMoveEvent } from './moves.js';
import type { PatientState } from './state.js';

type Registered = Extract<PatientState, { status: 'registered' }>;
type MoveCommand = Extract<
  PatientCommand,
  { type: 'ChangeHomeArea' | 'ChangePractice' | 'Deregister' | 'RecordDeath' }
>;
type Result = E.Either<ConsentryError, readonly PatientMoveEvent[]>;

const died = (): Result =>
  E.left(consentryError('Conflict', { message: 'The patient has died: the record is closed' }));

/**
 * A move changes nothing when it repeats the facts held. After death nothing moves; a
 * deregistered patient is registered again by a new practice (`ChangePractice`).
 */
export const decideMove = (command: MoveCommand, state: Registered): Result => {
  const { patientId } = state;
  if (state.closed === 'died') return command.type === 'RecordDeath' ? E.right([]) : died();
  switch (command.type) {
    case 'ChangeHomeArea':
      return E.right(
        command.data.homeArea === state.homeArea
          ? []
          : [
              {
                type: 'HomeAreaChanged',
                data: { patientId, homeArea: command.data.homeArea, previousArea: state.homeArea },
              },
            ],
      );
    case 'ChangePractice':
      return E.right(
        command.data.practiceId === state.practiceId && state.closed === undefined
          ? []
          : [
              {
                type: 'RegisteredPracticeChanged',
                data: {
                  patientId,
                  practiceId: command.data.practiceId,
                  previousPracticeId: state.practiceId,
                },
              },
            ],
      );
    case 'Deregister':
      return E.right(
        state.closed === 'deregistered'
          ? []
          : [{ type: 'PatientDeregistered', data: { patientId, practiceId: state.practiceId } }],
      );
    case 'RecordDeath':
      return E.right([{ type: 'PatientDied', data: { patientId } }]);
  }
};
