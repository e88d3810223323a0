import * as t from 'io-ts';
import { DurationFromString, InstantFromString, type Duration } from './duration.js';
import { ActorSpecCodec, formatActorSpec, type ActorSpec } from './actorSpec.js';
import { Expect } from './expect.js';
import { Id, QuotedDigits } from './primitives.js';
import { OrganisationKind } from './organisationKind.js';
import { strictType } from './strict.js';

export const Preference = t.keyof({ allow: null, deny: null, 'require-verification': null });
export const SetBy = t.keyof({ patient: null, practice: null, organisation: null });
export const Purpose = t.keyof({ TREAT: null, ETREAT: null });
export const Answer = t.keyof({ consent: null, dissent: null });
const Channel = t.keyof({ sms: null, email: null });
export const AlertKind = t.keyof({
  'emergency-access': null,
  'self-claimed-relationship': null,
  'repeated-refusals': null,
});
export const ReviewOutcome = t.keyof({ appropriate: null, inappropriate: null });

/** A preference's expiry: a time, or a duration counted from the step (`until: 5d`). */
export type Expiry =
  { readonly kind: 'at'; readonly at: Date } | { readonly kind: 'after'; readonly after: Duration };

export const ExpiryCodec = new t.Type<Expiry, string, unknown>(
  'an ISO-8601 time or a duration such as 5d',
  (u): u is Expiry => typeof u === 'object' && u !== null && 'kind' in u,
  (u, c) => {
    const asDuration = DurationFromString.decode(u);
    if (asDuration._tag === 'Right') return t.success({ kind: 'after', after: asDuration.right });
    const asInstant = InstantFromString.decode(u);
    return asInstant._tag === 'Right'
      ? t.success({ kind: 'at', at: asInstant.right })
      : t.failure(u, c);
  },
  (e) => (e.kind === 'at' ? e.at.toISOString() : e.after.text),
);

const pair = { patient: Id, organisation: Id };
const lists = { practice: Id, organisation: Id };

/** The arguments of every step verb (DESIGN §8). */
export const stepArgs = {
  recordContact: strictType(
    'recordContact',
    { patient: Id },
    { mobile: t.string, email: t.string, preferred: Channel },
  ),
  enrolPortal: strictType('enrolPortal', { patient: Id }, {}),
  setPreference: strictType(
    'setPreference',
    { patient: Id, preference: Preference, by: SetBy },
    { organisation: Id, until: ExpiryCodec },
  ),
  clearPreference: strictType('clearPreference', { patient: Id }, { organisation: Id }),
  allowOrganisation: strictType('allowOrganisation', lists, {}),
  prohibitOrganisation: strictType('prohibitOrganisation', lists, {}),
  removeFromLists: strictType('removeFromLists', lists, {}),
  startCare: strictType('startCare', pair, { selfClaimed: t.boolean, reason: t.string }),
  referCare: strictType('referCare', { patient: Id, from: Id, to: Id }, { reason: t.string }),
  endCare: strictType('endCare', pair, {}),
  requestAccess: strictType('requestAccess', pair, { purpose: Purpose, justification: t.string }),
  enterCode: strictType('enterCode', { ...pair, code: t.string }, {}),
  resendCode: strictType('resendCode', pair, {}),
  approveOnline: strictType('approveOnline', pair, {}),
  refuseOnline: strictType('refuseOnline', pair, {}),
  recordInPerson: strictType('recordInPerson', { ...pair, answer: Answer }, {}),
  withdrawConsent: strictType('withdrawConsent', pair, {}),
  viewRecord: strictType('viewRecord', pair, {}),
  check: strictType('check', pair, { purpose: Purpose }),
  reviewAlert: strictType(
    'reviewAlert',
    { outcome: ReviewOutcome },
    { patient: Id, organisation: Id, kind: AlertKind, notes: t.string },
  ),
  registerPatient: strictType(
    'registerPatient',
    { patient: Id, nhsNumber: QuotedDigits, homeArea: Id, practice: Id },
    { name: t.string, dateOfBirth: t.string },
  ),
  registerOrganisation: strictType(
    'registerOrganisation',
    { organisation: Id, kind: OrganisationKind, area: Id },
    { name: t.string, odsCode: t.string },
  ),
  closeOrganisation: strictType('closeOrganisation', { organisation: Id }, {}),
  wait: DurationFromString,
} as const;

export type Verb = keyof typeof stepArgs;
export type StepArgs = { readonly [V in Verb]: t.TypeOf<(typeof stepArgs)[V]> };
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
const UNPERFORMED: readonly Verb[] = ['wait', 'check'];

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
