import type { Area, OrganisationId } from '../organisation/codecs.js';
import type {
  DateOfBirth,
  Email,
  NhsNumber,
  PatientId,
  PersonName,
  PreferredChannel,
  UkMobile,
} from './codecs.js';
import type { PatientEvent } from './events.js';
import type { PatientMoveEvent, RecordClosed } from './moves.js';
import { ERASED } from '../personalData/erasable.js';

export interface ContactDetails {
  readonly mobile?: UkMobile;
  readonly email?: Email;
  readonly preferredChannel?: PreferredChannel;
}

export type PatientState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly patientId: PatientId;
      readonly nhsNumber: NhsNumber;
      readonly name: PersonName;
      readonly dateOfBirth: DateOfBirth;
      readonly homeArea: Area;
      readonly practiceId: OrganisationId;
      readonly contact: ContactDetails;
      readonly portalEnrolled: boolean;
      /** Deregistered or dead: no new access except by the practice (docs/record-as-shared.md). */
      readonly closed?: RecordClosed;
    };

/** A move changes the facts later decisions read; a new practice re-registers a deregistered patient. */
const evolveMove = (state: PatientState, event: PatientMoveEvent): PatientState => {
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'HomeAreaChanged':
      return { ...state, homeArea: event.data.homeArea };
    case 'RegisteredPracticeChanged': {
      const { closed: _, ...open } = state;
      return { ...open, practiceId: event.data.practiceId };
    }
    case 'PatientDeregistered':
      return { ...state, closed: 'deregistered' };
    case 'PatientDied':
      return { ...state, closed: 'died' };
  }
};

export const initialState = (): PatientState => ({ status: 'unregistered' });

export const evolve = (state: PatientState, event: PatientEvent): PatientState => {
  switch (event.type) {
    case 'HomeAreaChanged':
    case 'RegisteredPracticeChanged':
    case 'PatientDeregistered':
    case 'PatientDied':
      return evolveMove(state, event);
    case 'PatientRegistered':
      return { status: 'registered', ...event.data, contact: {}, portalEnrolled: false };
    case 'ContactDetailsRecorded': {
      if (state.status !== 'registered') return state;
      const { patientId: _, ...contact } = event.data;
      return { ...state, contact };
    }
    case 'PortalEnrolled':
      return state.status === 'registered' ? { ...state, portalEnrolled: true } : state;
    case 'PersonalDataErased':
      return state.status !== 'registered'
        ? state
        : event.data.scope === 'contact-details'
          ? { ...state, contact: {} }
          : {
              ...state,
              nhsNumber: ERASED as typeof state.nhsNumber,
              name: ERASED as typeof state.name,
              dateOfBirth: ERASED as typeof state.dateOfBirth,
              contact: {},
            };
  }
};
