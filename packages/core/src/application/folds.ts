import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
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
export const loadFacts =
  (
    rt: Runtime,
    patientId: string,
    organisationId: string,
  ): TE.TaskEither<ConsentryError, LoadedFacts> =>
  // One async step, not a pipe: every access check runs it (see loadFrom).
  async () => {
    const patient = await loadPatient(rt, patientId)();
    if (E.isLeft(patient)) return patient;
    const organisation = await loadOrganisation(rt, organisationId)();
    if (E.isLeft(organisation)) return organisation;
    const { state } = patient.right;
    const practiceLists =
      state.status === 'registered'
        ? await loadPracticeLists(rt, state.practiceId)()
        : E.right({ state: lists.initialState(), version: 0n });
    if (E.isLeft(practiceLists)) return practiceLists;
    const consent = await loadConsent(rt, patientId)();
    if (E.isLeft(consent)) return consent;
    return E.right({
      facts: {
        patient: state,
        organisation: organisation.right.state,
        practiceLists: practiceLists.right.state,
        record: consent.right.state,
      },
      consent: consent.right,
    });
  };
