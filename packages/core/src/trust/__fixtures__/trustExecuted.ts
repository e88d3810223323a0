import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { Applied } from './trustModel.js';
import type { Command, OrgRef } from './trustSteps.js';
import {
  actorOrg,
  contextOf,
  ORGANISATIONS,
  type ActorKey,
  type OrgKey,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

/** How a step's command is run through the facade, and what the model hears if it succeeds. */
export type Outcome = E.Either<{ readonly _tag: string } & Record<string, unknown>, unknown>;

export interface Executed {
  readonly name: string;
  /** The patient whose state the command is about (for the refusal trace). */
  readonly patient?: PatientKey;
  readonly result: Outcome;
  readonly applied?: Applied;
  /** The organisation the command named, resolved. */
  readonly org?: OrgKey;
  /** Carried by every event the command appended. */
  readonly correlationId?: string;
}

export const idOf = (org: OrgKey): string => ORGANISATIONS[org].id;
export const run = (task: TE.TaskEither<unknown, unknown>): Promise<Outcome> =>
  task() as Promise<Outcome>;
export const resolve = (as: ActorKey, ref: OrgRef): OrgKey =>
  ref === 'own' ? (actorOrg(as) ?? 'decided') : ref;

export type StepOf<K extends Command['do']> = { readonly as: ActorKey } & Extract<
  Command,
  { do: K }
>;
export type Ctx = ReturnType<typeof contextOf>;
export type Handler<K extends Command['do']> = (
  w: TrustWorld,
  step: StepOf<K> & { readonly ctx: Ctx },
) => Promise<Executed>;

/** How many events the command appended (a receipt, or an access result carrying one). */
export const appendedBy = (executed: Executed): number => {
  if (E.isLeft(executed.result)) return 0;
  const value = executed.result.right as { appended?: number; receipt?: { appended: number } };
  return value.appended ?? value.receipt?.appended ?? 0;
};
