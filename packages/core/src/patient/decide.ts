import * as E from 'fp-ts/lib/Either.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import type { PatientCommand } from './commands.js';
import { decideMove } from './decideMove.js';
import type { PatientEvent } from './events.js';
import { evolve, initialState, type ContactDetails, type PatientState } from './state.js';

type Result = E.Either<ConsentryError, readonly PatientEvent[]>;
type Registered = Extract<PatientState, { status: 'registered' }>;

const unknownPatient = (): Result =>
  E.left(consentryError('UnknownPatient', { message: 'No such patient' }));

const register = (
  command: Extract<PatientCommand, { type: 'RegisterPatient' }>,
  state: PatientState,
): Result =>
  state.status === 'registered'
    ? E.left(consentryError('Conflict', { message: 'The patient is already registered' }))
    : E.right([{ type: 'PatientRegistered', data: command.data }]);

/** A preferred channel must name a contact the patient has; otherwise codes would go nowhere. */
const mergeContact = (
  held: ContactDetails,
  given: ContactDetails,
): E.Either<ConsentryError, ContactDetails> => {
  const merged: ContactDetails = { ...held, ...given };
  const preferred =
    given.preferredChannel ??
    (merged.mobile !== undefined ? 'sms' : merged.email !== undefined ? 'email' : undefined);
  const holds =
    preferred === 'sms'
      ? merged.mobile !== undefined
      : preferred === 'email'
        ? merged.email !== undefined
        : true;
  if (!holds) {
    return E.left({
      _tag: 'InvalidInput',
      field: 'preferredChannel',
      message: `preferredChannel: ${preferred ?? ''} needs a ${preferred === 'sms' ? 'mobile' : 'e-mail'}`,
      problems: [
        { field: 'preferredChannel', message: 'the preferred channel has no contact detail' },
      ],
    });
  }
  return E.right(preferred === undefined ? merged : { ...merged, preferredChannel: preferred });
};

const recordContact = (
  command: Extract<PatientCommand, { type: 'RecordContactDetails' }>,
  state: Registered,
): Result =>
  E.map((contact: ContactDetails): readonly PatientEvent[] => [
    { type: 'ContactDetailsRecorded', data: { patientId: state.patientId, ...contact } },
  ])(mergeContact(state.contact, command.data));

export const decide = (command: PatientCommand, state: PatientState): Result => {
  if (command.type === 'RegisterPatient') return register(command, state);
  if (state.status !== 'registered') return unknownPatient();
  switch (command.type) {
    case 'RecordContactDetails':
      return recordContact(command, state);
    case 'EnrolPortal':
      return E.right(
        state.portalEnrolled
          ? []
          : [{ type: 'PortalEnrolled', data: { patientId: state.patientId } }],
      );
    case 'ChangeHomeArea':
    case 'ChangePractice':
    case 'Deregister':
    case 'RecordDeath':
      return decideMove(command, state);
    default:
      return assertNever(command);
  }
};

export const patientDecider: Decider<PatientCommand, PatientEvent, PatientState, ConsentryError> = {
  decide,
  evolve,
  initialState,
};
