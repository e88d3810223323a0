import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { StrictType } from './strictType.js';

/** What a fast decoder returns when the value does not decode. */
export const NOT_DECODED: unique symbol = Symbol('does not decode');
const FAIL: typeof NOT_DECODED = NOT_DECODED;

type Fast = (u: unknown) => unknown;

/*
 * Why this exists: a replay decodes every stored event, and io-ts's `decode` allocates a
 * context array and an Either for every field it visits (to name the path of a failure),
 * which a profile showed as most of a replay's decode cost. A fast decoder walks the same
 * codec tree and applies the same rules (same predicates, same normalising `validate` for
 * custom types, same copy-on-change), but keeps no path: it only says "decodes to this
 * value" or "does not decode". Callers that need the report run `codec.decode` on failure.
 */

// Context for the custom types' own `validate`: only read to build an error we throw away.
const detached = (codec: t.Mixed): t.Context => [{ key: '', type: codec, actual: undefined }];

const generic = (codec: t.Mixed): Fast => {
  const context = detached(codec);
  return (u) => {
    const result: E.Either<t.Errors, unknown> = codec.validate(u, context);
    return E.isLeft(result) ? FAIL : result.right;
  };
};

const isRecord = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u);

const hasOwn = (u: object, key: string): boolean => Object.prototype.hasOwnProperty.call(u, key);

/**
 * t.type (every key must decode) and t.partial (a key that fails to decode only counts when it
 * is present). The object is copied only if a field changed, as io-ts does.
 */
const objectOf = (props: t.Props, partial: boolean): Fast => {
  const keys = Object.keys(props);
  const fields = keys.map((key) => compile(props[key] as t.Mixed));
  return (u) => {
    if (!isRecord(u)) return FAIL;
    let out = u;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const field = u[key];
      const decoded = (fields[i] as Fast)(field);
      if (decoded === FAIL) {
        if (partial && field === undefined) continue;
        return FAIL;
      }
      if (decoded !== field || (!partial && decoded === undefined && !hasOwn(u, key))) {
        if (out === u) out = { ...u };
        out[key] = decoded;
      }
    }
    return out;
  };
};

/** io-ts's own merge of an intersection's decoded parts (not in its typings), for when one changed. */
const mergeAll = (base: unknown, parts: readonly unknown[]): unknown => {
  if (parts.every((part) => !isRecord(part))) return parts[parts.length - 1];
  const baseRecord = isRecord(base) ? base : undefined;
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    const record = part as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (!hasOwn(merged, key) || baseRecord === undefined || value !== baseRecord[key])
        merged[key] = value;
    }
  }
  return merged;
};

const intersectionOf = (types: readonly t.Mixed[]): Fast => {
  const members = types.map(compile);
  return (u) => {
    const results: unknown[] = new Array<unknown>(members.length);
    let same = true;
    for (let i = 0; i < members.length; i++) {
      const decoded = (members[i] as Fast)(u);
      if (decoded === FAIL) return FAIL;
      results[i] = decoded;
      if (decoded !== u) same = false;
    }
    return same ? u : mergeAll(u, results);
  };
};

const unionOf = (types: readonly t.Mixed[]): Fast => {
  const members = types.map(compile);
  return (u) => {
    for (const member of members) {
      const decoded = member(u);
      if (decoded !== FAIL) return decoded;
    }
    return FAIL;
  };
};

const arrayOf = (item: t.Mixed): Fast => {
  const decodeItem = compile(item);
  return (u) => {
    if (!Array.isArray(u)) return FAIL;
    let out: unknown[] = u;
    for (let i = 0; i < u.length; i++) {
      const value: unknown = u[i];
      const decoded = decodeItem(value);
      if (decoded === FAIL) return FAIL;
      if (decoded !== value) {
        if (out === u) out = u.slice();
        out[i] = decoded;
      }
    }
    return out;
  };
};

/**
 * A `StrictType` (every facade input): required and optional fields as `strictType`'s own
 * validate takes them, and any other key fails. The result holds the known fields only, an
 * optional field given as `undefined` left out, as that validate builds it.
 */
const strictObjectOf = (required: t.Props, optional: t.Props): Fast => {
  const requiredKeys = Object.keys(required);
  const optionalKeys = Object.keys(optional);
  const requiredFields = requiredKeys.map((key) => compile(required[key] as t.Mixed));
  const optionalFields = optionalKeys.map((key) => compile(optional[key] as t.Mixed));
  const known = new Set([...requiredKeys, ...optionalKeys]);
  return (u) => {
    if (!isRecord(u)) return FAIL;
    for (const key in u) if (hasOwn(u, key) && !known.has(key)) return FAIL;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < requiredKeys.length; i++) {
      const key = requiredKeys[i] as string;
      const decoded = (requiredFields[i] as Fast)(u[key]);
      if (decoded === FAIL) return FAIL;
      out[key] = decoded;
    }
    for (let i = 0; i < optionalKeys.length; i++) {
      const key = optionalKeys[i] as string;
      const field = u[key];
      if (field === undefined) continue;
      const decoded = (optionalFields[i] as Fast)(field);
      if (decoded === FAIL) return FAIL;
      out[key] = decoded;
    }
    return out;
  };
};

const refinementOf = (inner: t.Mixed, predicate: (a: unknown) => boolean): Fast => {
  const decodeInner = compile(inner);
  return (u) => {
    const decoded = decodeInner(u);
    return decoded !== FAIL && predicate(decoded) ? decoded : FAIL;
  };
};

/** The io-ts combinators whose `validate` returns its input unchanged when `is` holds. */
const IDENTITY_WHEN_IS = new Set([
  'LiteralType',
  'KeyofType',
  'StringType',
  'NumberType',
  'BooleanType',
  'BigIntType',
  'NullType',
  'UndefinedType',
  'VoidType',
  'UnknownType',
  'AnyType',
  'AnyArrayType',
  'AnyDictionaryType',
]);

const compile = (codec: t.Mixed): Fast => {
  const tag = (codec as t.Mixed & { readonly _tag?: string })._tag;
  if (tag !== undefined && IDENTITY_WHEN_IS.has(tag))
    return (u: unknown): unknown => {
      const valid: boolean = codec.is(u);
      return valid ? u : FAIL;
    };
  if (codec instanceof StrictType)
    return strictObjectOf(codec.required as t.Props, codec.optional as t.Props);
  if (codec instanceof t.InterfaceType) return objectOf(codec.props as t.Props, false);
  if (codec instanceof t.PartialType) return objectOf(codec.props as t.Props, true);
  if (codec instanceof t.IntersectionType) return intersectionOf(codec.types as t.Mixed[]);
  if (codec instanceof t.UnionType) return unionOf(codec.types as t.Mixed[]);
  if (codec instanceof t.ArrayType) return arrayOf(codec.type as t.Mixed);
  if (codec instanceof t.RefinementType)
    return refinementOf(codec.type as t.Mixed, codec.predicate as (a: unknown) => boolean);
  if (codec instanceof t.ReadonlyType) return compile(codec.type as t.Mixed);
  // Custom types (branded strings that normalise, …) and anything else: their own validate.
  return generic(codec);
};

/**
 * The value `codec.decode` would give, or `NOT_DECODED`, without an Either: for loops over
 * every stored event. When the fast walk fails, `codec.decode` runs and has the last word,
 * so no value that io-ts would accept is ever refused.
 */
export const fastValueDecoder = <A>(
  codec: t.Decoder<unknown, A> & t.Mixed,
  /** Told each time the fast walk failed and `codec.decode` ran (tests count these). */
  onFallback?: (u: unknown) => void,
): ((u: unknown) => A | typeof NOT_DECODED) => {
  const fast = compile(codec);
  return (u) => {
    const decoded = fast(u);
    if (decoded !== FAIL) return decoded as A;
    onFallback?.(u);
    const slow = codec.decode(u);
    return E.isLeft(slow) ? FAIL : slow.right;
  };
};

/**
 * A decoder that gives what `codec.decode` gives (the decoded value, or the failures that
 * name the bad paths), building a failure report only when the value does not decode.
 */
export const fastDecoder = <A>(
  codec: t.Decoder<unknown, A> & t.Mixed,
  /** Told each time the fast walk failed and `codec.decode` ran (tests count these). */
  onFallback?: (u: unknown) => void,
) => {
  const fast = compile(codec);
  return (u: unknown): E.Either<t.Errors, A> => {
    const decoded = fast(u);
    if (decoded !== FAIL) return E.right(decoded as A);
    onFallback?.(u);
    return codec.decode(u);
  };
};
