import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { streamCategory } from '../eventStore/streamName.js';
import { consentFold, organisationFold, patientFold, practiceListsFold } from '../streams/folds.js';
import type { Fold } from '../streams/fold.js';
import { readRecorded } from '../streams/reader.js';
import { isErased } from '../personalData/erasable.js';
import type { ConsentRecordState } from '../consentRecord/state.js';
import type { OrganisationState } from '../organisation/state.js';
import type { PatientState } from '../patient/state.js';
import type { PracticeListsState } from '../practiceLists/state.js';

/** Every aggregate's state, folded from the global log: what an auditor replays. */
export interface History {
  readonly patients: ReadonlyMap<string, PatientState>;
  readonly organisations: ReadonlyMap<string, OrganisationState>;
  readonly practiceLists: ReadonlyMap<string, PracticeListsState>;
  readonly records: ReadonlyMap<string, ConsentRecordState>;
  readonly patientIdByNhsNumber: ReadonlyMap<string, string>;
}

interface Slot<S> {
  readonly fold: Fold<S, unknown>;
  readonly states: Map<string, S>;
}

const slot = <S, Ev>(fold: Fold<S, Ev>): Slot<S> => ({
  fold: fold as unknown as Fold<S, unknown>,
  states: new Map(),
});

/**
 * Folds events in global order into the same states the facade decides on, with the same
 * upcasters and codecs. Events of other streams (checkpoints, notifications) are counted,
 * not folded; an event that no longer decodes is counted as undecodable.
 */
export class HistoryFold {
  private readonly patients = slot(patientFold);
  private readonly organisations = slot(organisationFold);
  private readonly lists = slot(practiceListsFold);
  private readonly records = slot(consentFold);
  private readonly nhs = new Map<string, string>();
  private readonly slots: Readonly<Record<string, Slot<unknown>>> = {
    patient: this.patients,
    organisation: this.organisations,
    practiceLists: this.lists,
    consent: this.records,
  } as Record<string, Slot<unknown>>;
  readonly streams = new Set<string>();
  events = 0;
  undecodable = 0;

  visit(event: RecordedEvent): void {
    this.events += 1;
    this.streams.add(event.streamName);
    const category = streamCategory(event.streamName);
    const target = this.slots[category];
    if (target === undefined) return;
    const decoded = readRecorded(target.fold.codec, event);
    if (E.isLeft(decoded)) {
      this.undecodable += 1;
      return;
    }
    const id = event.streamName.slice(category.length + 1);
    const held = target.states.get(id) ?? target.fold.initialState();
    const next = target.fold.evolve(held, decoded.right);
    target.states.set(id, next);
    if (category === 'patient') {
      const patient = next as PatientState;
      // An erased number (docs/personal-data.md) is no longer anyone's.
      if (patient.status === 'registered' && !isErased(patient.nhsNumber))
        this.nhs.set(patient.nhsNumber, id);
      else if (event.type === 'PersonalDataErased')
        for (const [number, holder] of this.nhs) if (holder === id) this.nhs.delete(number);
    }
  }

  get history(): History {
    return {
      patients: this.patients.states,
      organisations: this.organisations.states,
      practiceLists: this.lists.states,
      records: this.records.states,
      patientIdByNhsNumber: this.nhs,
    };
  }
}

/** Folds the events recorded at or before `at` (by their `recordedAt`). */
export const historyAsOf = (events: Iterable<RecordedEvent>, at: Date): History => {
  const fold = new HistoryFold();
  for (const event of events)
    if (new Date(event.metadata.recordedAt).getTime() <= at.getTime()) fold.visit(event);
  return fold.history;
};
