import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import { patientFold } from '../../streams/folds.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { runStreamCommand } from '../streamCommand.js';
import { consentryError, invalidInput, type ConsentryError } from '../../shared/errors.js';
import { streams } from '../../shared/streams.js';
import { mayErasePersonalData } from '../../trust/table.js';
import type { PersonalDataErased } from '../../patient/personalDataErased.js';
import type { ErasePersonalDataInput } from '../inputs.js';
import { patientSubject } from '../../personalData/fields.js';
import { isPersonalDataStore } from '../../personalData/personalDataStore.js';

/**
 * Erases a patient's personal data (docs/personal-data.md): records `PersonalDataErased`
 * (who: the actor, why: the context's `reason`, which is required), then destroys the keys
 * of `scope`, so every copy of the sealed values in the log becomes unreadable. Contact
 * details on request; `all` at the end of the retention period. The patient's practice or the
 * embedding host may ask. Non-personal facts (preferences, consents, care, decisions) stay.
 *
 * Recorded first, destroyed second: a failure between the two leaves the state already read
 * as erased, and running the command again destroys the keys (an erased key stays erased).
 */
export const erasePersonalData =
  (rt: Runtime) =>
  (
    input: t.TypeOf<typeof ErasePersonalDataInput>,
    ctx: Ctx,
  ): TE.TaskEither<ConsentryError, Receipt> =>
  async () => {
    if (ctx.reason === undefined || ctx.reason.trim() === '')
      return E.left(
        invalidInput([
          { field: 'context.reason', message: 'context.reason: say why the data is erased' },
        ]),
      );
    const store = rt.store;
    if (!isPersonalDataStore(store))
      return E.left(
        consentryError('Conflict', {
          message:
            'This store keeps personal data in plain text, so it cannot be erased: copy it with `consentry migrate encrypt` and give Consentry a key vault',
        }),
      );
    const recorded = await runStreamCommand(
      rt,
      ctx,
      streams.patient(input.patientId),
      patientFold,
      ({ state }) => {
        if (state.status !== 'registered')
          return E.left(
            consentryError('UnknownPatient', { message: `Unknown patient ${input.patientId}` }),
          );
        const allowed = mayErasePersonalData(ctx.actor, state);
        if (E.isLeft(allowed)) return allowed;
        const erased: PersonalDataErased = {
          type: 'PersonalDataErased',
          data: { patientId: state.patientId, scope: input.scope },
        };
        return E.right([erased]);
      },
    )();
    if (E.isLeft(recorded)) return recorded;
    try {
      await store.erase(patientSubject(input.patientId), input.scope);
    } catch (e) {
      return E.left(
        consentryError('Busy', {
          message: `The erasure is recorded but the key vault did not answer (${e instanceof Error ? e.message : String(e)}): run it again`,
        }),
      );
    }
    return recorded;
  };
