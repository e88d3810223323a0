import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { RouteContext } from '../http/context.js';
import type { ResourceIndex } from './events.js';

/** What the FHIR routes take from the host's context (http/context.ts). */
export type FhirDeps = Pick<RouteContext, 'consentry' | 'eventStore' | 'hostDb' | 'now'>;

/** The FHIR routes' context: the host's, and the index of FHIR resources kept from the log. */
export interface FhirContext extends FhirDeps {
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
