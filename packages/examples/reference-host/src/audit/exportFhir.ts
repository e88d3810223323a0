import * as E from 'fp-ts/lib/Either.js';
import {
  forEachEvent,
  HistoryFold,
  streamCategory,
  streams,
  type RecordedEvent,
} from '@consentry/core';
import {
  auditEventsFromEvents,
  consentsFromEvents,
  fhirBundle,
  type Bundle,
} from '@consentry/fhir';
import { directoryFromHistory } from '../fhir/directory.js';
import type { AuditStore } from './store.js';

/**
 * A FHIR R4 `collection` Bundle of Consent resources (sharing preferences and consents) and
 * AuditEvent resources (access decisions, record views, emergencies): for one patient
 * (by NHS number) or for every patient in the store. Patients are named by NHS number,
 * organisations by ODS code, staff by their account (docs/fhir.md).
 */
export const exportFhir = async (
  target: AuditStore,
  nhsNumber: string | undefined,
  now: Date,
): Promise<E.Either<string, Bundle>> => {
  const fold = new HistoryFold();
  const byStream = new Map<string, RecordedEvent[]>();
  const read = await forEachEvent(target.store, 0n, (event) => {
    fold.visit(event);
    if (nhsNumber !== undefined || streamCategory(event.streamName) !== 'consent') return;
    const held = byStream.get(event.streamName);
    if (held === undefined) byStream.set(event.streamName, [event]);
    else held.push(event);
  })();
  if (E.isLeft(read)) return E.left(`cannot read ${target.label}: ${read.left.message}`);
  if (nhsNumber !== undefined) {
    const patientId = fold.history.patientIdByNhsNumber.get(nhsNumber);
    if (patientId === undefined) return E.left(`no patient with NHS number ${nhsNumber}`);
    const stream = await target.store.readStream(streams.consent(patientId))();
    if (E.isLeft(stream)) return E.left(`cannot read ${target.label}: ${stream.left.message}`);
    byStream.set(streams.consent(patientId), [...stream.right.events]);
  }
  const at = now.toISOString();
  const directory = directoryFromHistory(fold.history);
  // Per patient, so that each patient's choices supersede only their own earlier ones.
  const resources = [...byStream.values()].flatMap((events) => [
    ...consentsFromEvents(events, { asOf: at, directory }),
    ...auditEventsFromEvents(events, { directory }),
  ]);
  return E.right(fhirBundle(resources, at));
};
