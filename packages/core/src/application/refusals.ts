import type { AttemptRefused } from '../refusals/events.js';
import type { ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import type { Ctx, Runtime } from './runtime.js';
import { append } from '../streams/load.js';

/** What a refused command was about, for its trace. */
export interface RefusalSubject {
  readonly command: string;
  readonly patientId: string;
  /** The organisation the command named, if any. */
  readonly about?: string;
}

/**
 * Leaves the trace of a refused command on the patient's refusals stream (who is in the
 * metadata, when, why, and the decision's outcome when there was one). Appended at any
 * version: it never contends with the consent stream. A trace that cannot be written is not
 * a reason to hide the refusal itself, so the caller gets its `NotPermitted` either way.
 */
export const recordRefusal = async (
  rt: Runtime,
  ctx: Ctx,
  subject: RefusalSubject,
  error: Extract<ConsentryError, { _tag: 'NotPermitted' }>,
): Promise<void> => {
  const { organisationId } = ctx.actor;
  // Ids as the command carried them: already decoded by the facade's input codecs.
  const event = {
    type: 'AttemptRefused',
    data: {
      patientId: subject.patientId,
      command: subject.command,
      why: error.message,
      ...(organisationId === undefined ? {} : { organisationId }),
      ...(subject.about === undefined ? {} : { about: subject.about }),
      ...(error.decision === undefined ? {} : { outcome: error.decision.outcome }),
    },
  } as AttemptRefused;
  // The result is not awaited for its value: see above.
  await append(rt, ctx, streams.refusals(subject.patientId), [event], 'any')();
};

export const isNotPermitted = (
  error: ConsentryError,
): error is Extract<ConsentryError, { _tag: 'NotPermitted' }> => error._tag === 'NotPermitted';
