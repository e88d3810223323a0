import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { fastDecoder } from './fastDecode.js';

/** A field that failed to decode: its dotted path from the input root and what was expected. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Intersections and unions add index keys ('0', '1') to io-ts contexts; they are not fields. */
const isStructural = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.IntersectionType || type instanceof t.UnionType;

const fieldPath = (context: t.Context): string =>
  context
    .slice(1)
    .filter((_, i) => !isStructural(context[i]!.type))
    .map((entry) => entry.key)
    .join('.');

const describeError = (error: t.ValidationError): FieldProblem => {
  const field = fieldPath(error.context) || '(input)';
  const expected = error.context[error.context.length - 1]?.type.name ?? 'a value';
  const message =
    error.message ??
    (error.value === undefined ? `${field} is required` : `${field}: expected ${expected}`);
  return { field, message: error.message === undefined ? message : `${field}: ${message}` };
};

/** The distinct field problems of a failed decode, first one first. */
export const fieldProblems = (errors: t.Errors): readonly FieldProblem[] => {
  const seen = new Set<string>();
  return errors
    .map(describeError)
    .filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
};

const compiled = new WeakMap<object, (u: unknown) => E.Either<t.Errors, unknown>>();

/**
 * `codec.decode`, compiled once per codec into a walk that builds io-ts's failure report only
 * when the value does not decode (see fastDecode.ts): every command and every folded event
 * goes through here.
 */
export const decoderFor = <A>(
  codec: t.Decoder<unknown, A> & t.Mixed,
): ((u: unknown) => E.Either<t.Errors, A>) => {
  let decode = compiled.get(codec);
  if (decode === undefined) {
    decode = fastDecoder(codec);
    compiled.set(codec, decode);
  }
  return decode as (u: unknown) => E.Either<t.Errors, A>;
};

/** Decodes with a codec; the failure lists each bad field by path. */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (input: unknown): E.Either<readonly FieldProblem[], A> =>
    pipe(decoderFor(codec as t.Type<A, O, unknown> & t.Mixed)(input), E.mapLeft(fieldProblems));
