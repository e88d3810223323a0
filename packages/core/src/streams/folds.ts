import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { AccessFacts } from '../consentRecord/access/rules/facts.js';
import {
  ConsentRecordEvent,
  evolveConsentRecord,
  initialConsentRecord,
  type ConsentRecordState,
} from '../consentRecord/state.js';
import { OrganisationEvent } from '../organisation/events.js';
import * as organisation from '../organisation/state.js';
import { PatientEvent } from '../patient/events.js';
import * as patient from '../patient/state.js';
import { PracticeListsEvent } from '../practiceLists/events.js';
import * as lists from '../practiceLists/state.js';
import type { ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import type { Fold, Loaded } from './fold.js';
import { load, type StreamSource } from './load.js';

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

export const loadPatient = (rt: StreamSource, id: string) =>
  load(rt, streams.patient(id), patientFold);
export const loadOrganisation = (rt: StreamSource, id: string) =>
  load(rt, streams.organisation(id), organisationFold);
export const loadPracticeLists = (rt: StreamSource, id: string) =>
  load(rt, streams.practiceLists(id), practiceListsFold);
export const loadConsent = (rt: StreamSource, id: string) =>
  load(rt, streams.consent(id), consentFold);

/** What a consent decision is made on: the patient, organisations, practice lists and consent record. */
export interface Around {
  readonly patient: patient.PatientState;
  /** In the order asked for. */
  readonly organisations: readonly organisation.OrganisationState[];
  /** The patient's practice's lists (empty for a patient not registered). */
  readonly practiceLists: lists.PracticeListsState;
  /** Read at the version the decision's append names. */
  readonly consent: Loaded<ConsentRecordState>;
}

const noLists: Loaded<lists.PracticeListsState> = { state: lists.initialState(), version: 0n };

const practiceOf = (state: patient.PatientState | undefined): string | undefined =>
  state?.status === 'registered' ? state.practiceId : undefined;

/**
 * Reads the streams around a patient's consent stream all at once, so a store can answer
 * them in one round trip (the PostgreSQL store does). The practice is the one the held patient
 * state names; if the fresh patient state names another, its lists are read after. The
 * append that records the decision names the consent stream's version, so a concurrent change
 * by the patient makes it fail and the whole read is done again.
 */
export const loadAround =
  (
    rt: StreamSource,
    patientId: string,
    organisationIds: readonly string[],
  ): TE.TaskEither<ConsentryError, Around> =>
  // One async step, not a pipe: every command and access check runs it (see loadFrom).
  async () => {
    const guessed = practiceOf(
      rt.states.get<patient.PatientState>(streams.patient(patientId), patientFold)?.state,
    );
    const [loadedPatient, practiceLists, consent, ...organisations] = await Promise.all([
      loadPatient(rt, patientId)(),
      guessed === undefined ? E.right(noLists) : loadPracticeLists(rt, guessed)(),
      loadConsent(rt, patientId)(),
      ...organisationIds.map((id) => loadOrganisation(rt, id)()),
    ]);
    if (E.isLeft(loadedPatient)) return loadedPatient;
    const orgStates: organisation.OrganisationState[] = [];
    for (const loaded of organisations) {
      if (E.isLeft(loaded)) return loaded;
      orgStates.push(loaded.right.state);
    }
    const practice = practiceOf(loadedPatient.right.state);
    const freshLists =
      practice === guessed
        ? practiceLists
        : practice === undefined
          ? E.right(noLists)
          : await loadPracticeLists(rt, practice)();
    if (E.isLeft(freshLists)) return freshLists;
    if (E.isLeft(consent)) return consent;
    return E.right({
      patient: loadedPatient.right.state,
      organisations: orgStates,
      practiceLists: freshLists.right.state,
      consent: consent.right,
    });
  };

/** The facts for one access decision, and the consent stream version they were read at. */
export interface LoadedFacts {
  readonly facts: AccessFacts;
  readonly consent: Loaded<ConsentRecordState>;
}

/** Everything an access decision for `organisationId` needs (see loadAround). */
export const loadFacts =
  (
    rt: StreamSource,
    patientId: string,
    organisationId: string,
  ): TE.TaskEither<ConsentryError, LoadedFacts> =>
  async () => {
    const around = await loadAround(rt, patientId, [organisationId])();
    if (E.isLeft(around)) return around;
    const { patient: state, organisations, practiceLists, consent } = around.right;
    return E.right({
      facts: {
        patient: state,
        organisation: organisations[0] as organisation.OrganisationState,
        practiceLists,
        record: consent.state,
      },
      consent,
    });
  };
