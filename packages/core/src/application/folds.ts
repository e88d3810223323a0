import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { AccessFacts } from '../access/policy/facts.js';
import {
  ConsentRecordEvent,
  evolveConsentRecord,
  initialConsentRecord,
  type ConsentRecordState,
} from '../consentRecord/record.js';
import { OrganisationEvent } from '../organisation/events.js';
import * as organisation from '../organisation/state.js';
import { PatientEvent } from '../patient/events.js';
import * as patient from '../patient/state.js';
import { PracticeListsEvent } from '../practiceLists/events.js';
import * as lists from '../practiceLists/state.js';
import type { ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import type { Runtime } from './runtime.js';
import { load, type Fold, type Loaded } from './streamIo.js';

export const patientFold: Fold<patient.PatientState, PatientEvent> = {
  codec: PatientEvent,
  ...patient,
};
export const organisationFold: Fold<organisation.OrganisationState, OrganisationEvent> = {
  codec: OrganisationEvent,
  ...organisation,
};
export const practiceListsFold: Fold<lists.PracticeListsState, PracticeListsEvent> = {
  codec: PracticeListsEvent,
  ...lists,
};
export const consentFold: Fold<ConsentRecordState, ConsentRecordEvent> = {
  codec: ConsentRecordEvent,
  initialState: initialConsentRecord,
  evolve: evolveConsentRecord,
};

export const loadPatient = (rt: Runtime, id: string) => load(rt, streams.patient(id), patientFold);
export const loadOrganisation = (rt: Runtime, id: string) =>
  load(rt, streams.organisation(id), organisationFold);
export const loadPracticeLists = (rt: Runtime, id: string) =>
  load(rt, streams.practiceLists(id), practiceListsFold);
export const loadConsent = (rt: Runtime, id: string) => load(rt, streams.consent(id), consentFold);

/** The facts for one access decision, and the consent stream version they were read at. */
export interface LoadedFacts {
  readonly facts: AccessFacts;
  readonly consent: Loaded<ConsentRecordState>;
}

/**
 * Reads everything the decision needs, the consent stream last-but-not-least: the append
 * that records the decision names that stream's version, so a concurrent change by the
 * patient makes the append fail and the whole read is done again.
 */
export const loadFacts = (
  rt: Runtime,
  patientId: string,
  organisationId: string,
): TE.TaskEither<ConsentryError, LoadedFacts> =>
  pipe(
    TE.Do,
    TE.bind('patient', () => loadPatient(rt, patientId)),
    TE.bind('organisation', () => loadOrganisation(rt, organisationId)),
    TE.bind('lists', ({ patient: p }) =>
      p.state.status === 'registered'
        ? loadPracticeLists(rt, p.state.practiceId)
        : TE.right({ state: lists.initialState(), version: 0n }),
    ),
    TE.bind('consent', () => loadConsent(rt, patientId)),
    TE.map(({ patient: p, organisation: o, lists: l, consent }) => ({
      facts: {
        patient: p.state,
        organisation: o.state,
        practiceLists: l.state,
        record: consent.state,
      },
      consent,
    })),
  );
