import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decideAccess } from '../../consentRecord/access/rules/decideAccess.js';
import { decideEntries, type SharedEntries } from '../../record/visibility.js';
import { invalidInput, type ConsentryError } from '../../shared/errors.js';
import { mayConsentToLabel } from '../../trust/table.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import { runConsentCommand } from '../consentCommand.js';
import { loadFacts } from '../../streams/folds.js';
import type * as I from '../inputs.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';

/**
 * The patient (or their practice) agrees that entries with a sensitive label may be shown to
 * one organisation. The label must be one policy treats as sensitive.
 */
export const consentToLabel =
  (rt: Runtime) =>
  (
    input: t.TypeOf<typeof I.ConsentToLabelInput>,
    ctx: Ctx,
  ): TE.TaskEither<ConsentryError, Receipt> =>
    rt.policy.sensitiveLabels.includes(input.label)
      ? pipe(
          runConsentCommand(rt, ctx, {
            command: 'consentToLabel',
            patientId: input.patientId,
            organisationIds: [input.organisationId],
            authorise: (actor, view) => mayConsentToLabel(actor, view.patient),
            decide: (view) =>
              E.map((events: readonly ConsentRecordEvent[]) => ({
                events,
                result: E.right<ConsentryError, void>(undefined),
              }))(decideConsentRecord({ type: 'ConsentToLabel', data: input }, view.consent.state)),
          }),
          TE.map(({ receipt }) => receipt),
        )
      : TE.left(
          invalidInput([
            {
              field: 'label',
              message: `label: ${input.label} is not a sensitive label (${rt.policy.sensitiveLabels.join(', ')})`,
            },
          ]),
        );

/**
 * Which of the record's entries the organisation sees now, and why each other one is
 * withheld (record/visibility.ts), on its access decision now. Appends nothing.
 */
export const sharedEntries =
  (rt: Runtime) =>
  (input: t.TypeOf<typeof I.SharedEntriesInput>): TE.TaskEither<ConsentryError, SharedEntries> =>
    pipe(
      loadFacts(rt, input.patientId, input.organisationId),
      TE.map(({ facts }) => {
        const decision = decideAccess(
          facts,
          {
            organisationId: input.organisationId,
            purpose: input.purpose ?? 'TREAT',
            now: rt.clock.now(),
          },
          rt.policy,
        );
        const entries = input.entries.map(({ label, ...entry }) =>
          label === undefined ? entry : { ...entry, label },
        );
        return {
          decision,
          ...decideEntries(
            entries,
            facts.record.sharing,
            { organisationId: input.organisationId, decision },
            rt.policy,
          ),
        };
      }),
    );
