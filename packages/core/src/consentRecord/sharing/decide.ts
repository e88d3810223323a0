import * as E from 'fp-ts/lib/Either.js';
import { assertNever, type Decider } from '../../shared/decider.js';
import type { ConsentryError } from '../../shared/errors.js';
import type { SharingCommand } from './commands.js';
import type { SharingEvent } from './events.js';
import { evolve, initialState, type SharingState } from './state.js';

type Result = E.Either<ConsentryError, readonly SharingEvent[]>;

const clear = (
  command: Extract<SharingCommand, { type: 'ClearSharingPreference' }>,
  state: SharingState,
): Result => {
  const { organisationId } = command.data;
  const held =
    organisationId === undefined ? state.preferenceForAll : state.preferences[organisationId];
  return E.right(
    held === undefined ? [] : [{ type: 'SharingPreferenceCleared', data: command.data }],
  );
};

/** Withdrawing only ends a standing consent; a dissent is changed by recording consent or a preference. */
const withdraw = (
  command: Extract<SharingCommand, { type: 'WithdrawSharingInConsent' }>,
  state: SharingState,
): Result =>
  E.right(
    state.sharingIn[command.data.organisationId]?.answer === 'consent'
      ? [{ type: 'SharingInConsentWithdrawn', data: command.data }]
      : [],
  );

export const decide = (command: SharingCommand, state: SharingState): Result => {
  switch (command.type) {
    case 'SetSharingPreference': {
      const { opens, ...data } = command.data;
      return E.right([
        {
          type: 'SharingPreferenceSet',
          data: opens === undefined ? data : { ...data, opens: [...opens] },
        },
      ]);
    }
    case 'ClearSharingPreference':
      return clear(command, state);
    case 'RecordSharingInConsent':
      return E.right([{ type: 'SharingInConsentRecorded', data: command.data }]);
    case 'WithdrawSharingInConsent':
      return withdraw(command, state);
    case 'RecordSharingOutConsent':
      return E.right(
        state.sharingOut[command.data.organisationId] === command.data.answer
          ? []
          : [{ type: 'SharingOutConsentRecorded', data: command.data }],
      );
    case 'ConsentToLabel': {
      const held = state.labelConsents[command.data.organisationId] ?? [];
      return E.right(
        held.includes(command.data.label)
          ? []
          : [{ type: 'SensitiveLabelConsentRecorded', data: command.data }],
      );
    }
    default:
      return assertNever(command);
  }
};

export const sharingDecider: Decider<SharingCommand, SharingEvent, SharingState, ConsentryError> = {
  decide,
  evolve,
  initialState,
};
