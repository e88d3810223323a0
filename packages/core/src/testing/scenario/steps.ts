import * as t from 'io-ts';
import { ActorSpecCodec, formatActorSpec, type ActorSpec } from './actorSpec.js';
import { Expect } from './expect.js';
import { stepArgs, type StepArgs, type Verb } from './stepArgs.js';

export * from './stepArgs.js';

export type Step = {
  readonly [V in Verb]: {
    readonly verb: V;
    readonly args: StepArgs[V];
    readonly expect: Expect;
    /** Who performs the step; absent: the verb's own actor (docs/scenarios.md). */
    readonly as?: ActorSpec;
  };
}[Verb];

export const verbs = Object.keys(stepArgs) as readonly Verb[];
const isVerb = (key: string): key is Verb => Object.prototype.hasOwnProperty.call(stepArgs, key);

/** Always fails: marks a key that is not a step verb. */
const StepVerb = new t.Type<unknown, unknown, unknown>(
  `one of the step verbs (${verbs.join(', ')})`,
  (_u): _u is unknown => false,
  (u, c) => t.failure(u, c),
  (a) => a,
);

type StepKey = { readonly verb: Verb } | { readonly error: t.Validation<never> };

/** Keys of a step besides its verb. */
const STEP_KEYS: readonly string[] = ['expect', 'as'];

// Which key of the map is the verb: exactly one key besides `expect` and `as`, and a known one.
const stepVerb = (record: Record<string, unknown>, c: t.Context): StepKey => {
  const [key, second] = Object.keys(record).filter((k) => !STEP_KEYS.includes(k));
  if (key === undefined)
    return { error: t.failure(record, c, 'a step needs a verb, such as requestAccess') };
  if (second !== undefined) {
    const context = t.appendContext(c, second, StepVerb, record[second]);
    return { error: t.failure(record[second], context, 'one verb per step') };
  }
  if (!isVerb(key))
    return { error: t.failure(record[key], t.appendContext(c, key, StepVerb, record[key])) };
  return { verb: key };
};

/** Verbs nobody performs: `wait` moves the clock, `check` only reads. */
const UNPERFORMED: readonly Verb[] = ['wait', 'check', 'recordEntry'];

const stepPatient = (args: unknown): string | undefined =>
  typeof args === 'object' && args !== null && 'patient' in args
    ? (args as { patient?: string }).patient
    : undefined;

// `as:` must fit the step: someone performs it, and `patient` / `practice` need its patient.
const validateAs = (
  record: Record<string, unknown>,
  verb: Verb,
  args: unknown,
  c: t.Context,
): t.Validation<ActorSpec | undefined> => {
  const raw = record['as'];
  if (raw === undefined) return t.success(undefined);
  const context = t.appendContext(c, 'as', ActorSpecCodec, raw);
  if (typeof args === 'object' && args !== null && 'as' in args)
    return t.failure(raw, context, 'a proxy acts by "as" inside the map: not also "as" beside it');
  const spec = ActorSpecCodec.validate(raw, context);
  if (spec._tag === 'Left') return spec;
  if (UNPERFORMED.includes(verb))
    return t.failure(raw, context, `${verb} is not performed by anyone: it takes no "as"`);
  if (
    (spec.right.role === 'patient' || spec.right.role === 'practice') &&
    args !== undefined &&
    stepPatient(args) === undefined
  )
    return t.failure(raw, context, `as: ${spec.right.role} needs the step to name its patient`);
  return spec;
};

const validateStep = (
  record: Record<string, unknown>,
  verb: Verb,
  c: t.Context,
): t.Validation<Step> => {
  const codec = stepArgs[verb] as t.Type<StepArgs[Verb], unknown, unknown>;
  const args = codec.validate(record[verb], t.appendContext(c, verb, codec, record[verb]));
  const rawExpect = record['expect'] ?? {};
  const expect = Expect.validate(rawExpect, t.appendContext(c, 'expect', Expect, rawExpect));
  const as = validateAs(record, verb, args._tag === 'Right' ? args.right : undefined, c);
  if (args._tag === 'Left' || expect._tag === 'Left' || as._tag === 'Left')
    return t.failures([
      ...(args._tag === 'Left' ? args.left : []),
      ...(expect._tag === 'Left' ? expect.left : []),
      ...(as._tag === 'Left' ? as.left : []),
    ]);
  // The codec was picked by `verb`, so args fit that verb.
  return t.success({
    verb,
    args: args.right,
    expect: expect.right,
    ...(as.right === undefined ? {} : { as: as.right }),
  } as Step);
};

/** One step: a map with exactly one verb key, an optional `as` and an optional `expect`. */
export const StepCodec = new t.Type<Step, unknown, unknown>(
  'a step: one verb (such as requestAccess), an optional as and an optional expect',
  (u): u is Step => typeof u === 'object' && u !== null && 'verb' in u,
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c);
    const record = u as Record<string, unknown>;
    const key = stepVerb(record, c);
    return 'error' in key ? key.error : validateStep(record, key.verb, c);
  },
  (s) => ({
    [s.verb]: s.args,
    expect: s.expect,
    ...(s.as === undefined ? {} : { as: formatActorSpec(s.as) }),
  }),
);

export const StepsCodec = t.readonlyArray(StepCodec, 'steps');
