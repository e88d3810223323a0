import * as E from 'fp-ts/lib/Either.js';
import { assertNever, type Decider } from '../../shared/decider.js';
import { instant } from '../../shared/brandedString.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { withKeys } from '../../shared/withKeys.js';
import type { AccessCommand } from './commands.js';
import type { AccessEvent } from './events.js';
import type { RuleStep } from './rules/decision.js';
import { evolve, initialState, type AccessState } from './state.js';

type Result = E.Either<ConsentryError, readonly AccessEvent[]>;
type Command<T extends AccessCommand['type']> = Extract<AccessCommand, { type: T }>;

const storedTrail = (trail: readonly RuleStep[]) => trail.map((step) => ({ ...step }));

type Permit = Extract<Command<'RecordAccessRequest'>['data']['decision'], { outcome: 'permit' }>;

/**
 * A permit; an emergency permit from a request that invokes break-glass (ETREAT with a
 * justification) also opens a new emergency window, and so a new alert.
 */
const permitted = (
  data: Command<'RecordAccessRequest'>['data'],
  decision: Permit,
): readonly AccessEvent[] => {
  const { patientId, requestId, organisationId, emergencyId, justification, purpose } = data;
  const request = { patientId, requestId, organisationId };
  const trail = storedTrail(decision.trail);
  const until = decision.until === undefined ? undefined : instant(new Date(decision.until));
  const granted: AccessEvent = {
    type: 'AccessGranted',
    data:
      until === undefined
        ? withKeys(request, { basis: decision.basis, trail })
        : withKeys(request, { basis: decision.basis, trail, until }),
  };
  const invokes =
    decision.basis === 'emergency' &&
    until !== undefined &&
    purpose === 'ETREAT' &&
    justification !== undefined;
  if (!invokes) return [granted];
  return [
    {
      type: 'EmergencyAccessInvoked',
      data: withKeys(request, { emergencyId, justification, until }),
    },
    granted,
  ];
};

/** AccessRequested, then the outcome as decided (and the emergency, when it is one). */
const recordRequest = ({ data }: Command<'RecordAccessRequest'>): Result => {
  const { decision, emergencyId: _, justification, purpose, ...request } = data;
  const requested: AccessEvent = {
    type: 'AccessRequested',
    data:
      justification === undefined
        ? withKeys(request, { purpose })
        : withKeys(request, { purpose, justification }),
  };
  const trail = storedTrail(decision.trail);
  switch (decision.outcome) {
    case 'permit':
      return E.right([requested, ...permitted(data, decision)]);
    case 'deny':
      return E.right([
        requested,
        { type: 'AccessDenied', data: withKeys(request, { reason: decision.reason, trail }) },
      ]);
    case 'verify':
    case 'ask-patient':
      return E.right([
        requested,
        {
          type: 'AccessReferredToPatient',
          data: withKeys(request, { outcome: decision.outcome, trail }),
        },
      ]);
  }
};

const conclude = ({ data }: Command<'ConcludeRequest'>): Result => {
  const { answer, trail, ...request } = data;
  const stored = storedTrail(trail);
  return E.right([
    answer === 'refused-online'
      ? {
          type: 'AccessDenied',
          data: withKeys(request, { reason: 'patient-dissent', trail: stored }),
        }
      : { type: 'AccessGranted', data: withKeys(request, { basis: answer, trail: stored }) },
  ]);
};

const viewRecord = ({ data }: Command<'ViewRecord'>): Result =>
  data.decision.outcome === 'permit'
    ? E.right([
        {
          type: 'RecordViewed',
          data: {
            patientId: data.patientId,
            organisationId: data.organisationId,
            basis: data.decision.basis,
          },
        },
      ])
    : E.left(
        consentryError('NotPermitted', {
          message: `No current permit to view the record (${data.decision.outcome})`,
          decision: data.decision,
        }),
      );

const reviewEmergency = ({ data }: Command<'ReviewEmergency'>, state: AccessState): Result => {
  const held = state.emergencies[data.emergencyId];
  if (held === undefined)
    return E.left(consentryError('Conflict', { message: 'No emergency access with this id' }));
  if (held.reviewed)
    return E.left(
      consentryError('Conflict', { message: 'This emergency access was already reviewed' }),
    );
  return E.right([
    {
      type: 'EmergencyAccessReviewed',
      data: withKeys(data, { organisationId: held.organisationId }),
    },
  ]);
};

export const decide = (command: AccessCommand, state: AccessState): Result => {
  switch (command.type) {
    case 'RecordAccessRequest':
      return recordRequest(command);
    case 'ConcludeRequest':
      return conclude(command);
    case 'ViewRecord':
      return viewRecord(command);
    case 'ReviewEmergency':
      return reviewEmergency(command, state);
    default:
      return assertNever(command);
  }
};

export const accessDecider: Decider<AccessCommand, AccessEvent, AccessState, ConsentryError> = {
  decide,
  evolve,
  initialState,
};
