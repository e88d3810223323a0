import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { Consentry, EventStore } from '@consentry/core';
import type { HostDb } from '../host/hostDb.js';
import type { ResourceIndex } from './events.js';

/** What the FHIR routes need from the host. */
export interface FhirContext {
  readonly consentry: Consentry;
  readonly eventStore: EventStore;
  readonly hostDb: HostDb;
  readonly now: () => Date;
  readonly index: ResourceIndex;
}

/** Runs a task inside a handler: a failure is thrown, and the FHIR error handler answers it. */
export const run = async <E extends Error, A>(task: TE.TaskEither<E, A>): Promise<A> => {
  const result = await task();
  if (result._tag === 'Left') throw result.left;
  return result.right;
};

/** FHIR ids: [A-Za-z0-9\-.]{1,64} (R4 §2.1.0.4.1). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
