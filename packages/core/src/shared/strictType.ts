import * as t from 'io-ts';

type Required<P extends t.Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> };
type Optional<P extends t.Props> = { readonly [K in keyof P]?: t.TypeOf<P[K]> };
type RequiredOut<P extends t.Props> = { readonly [K in keyof P]: t.OutputOf<P[K]> };
type OptionalOut<P extends t.Props> = { readonly [K in keyof P]?: t.OutputOf<P[K]> };
export type StrictOf<R extends t.Props, O extends t.Props> = Required<R> & Optional<O>;
export type StrictOutputOf<R extends t.Props, O extends t.Props> = RequiredOut<R> & OptionalOut<O>;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** Always fails: marks a field the schema does not know (the failure message names it). */
export const UnknownField = new t.Type<unknown, unknown, unknown>(
  'no such field',
  (_u): _u is unknown => false,
  (u, c) => t.failure(u, c),
  (a) => a,
);

/**
 * A map with required and optional fields that refuses any other key — every facade input,
 * the scenario files and the HTTP API alike. Unlike `t.exact(...)` it never strips a field
 * silently: a misspelt `untill` is `InvalidInput` naming it, not a consent without an end.
 * Nor does it add intersection indexes to error paths. `shared/fastDecode.ts` compiles it.
 */
export class StrictType<R extends t.Props, O extends t.Props> extends t.Type<
  StrictOf<R, O>,
  StrictOutputOf<R, O>,
  unknown
> {
  readonly _tag = 'StrictType' as const;
  constructor(
    name: string,
    readonly required: R,
    readonly optional: O,
  ) {
    const known = [...Object.keys(required), ...Object.keys(optional)];
    const fields = known.length > 0 ? `: ${name} takes ${known.join(', ')}` : '';
    super(
      name,
      (u): u is StrictOf<R, O> => isRecord(u),
      (u, c) => {
        if (!isRecord(u)) return t.failure(u, c);
        const errors: t.ValidationError[] = [];
        const out: Record<string, unknown> = {};
        const check = (key: string, codec: t.Mixed): void => {
          const result = codec.validate(u[key], t.appendContext(c, key, codec, u[key]));
          if (result._tag === 'Left') errors.push(...result.left);
          else out[key] = result.right;
        };
        for (const [key, codec] of Object.entries(required)) check(key, codec);
        for (const [key, codec] of Object.entries(optional))
          if (u[key] !== undefined) check(key, codec);
        for (const key of Object.keys(u))
          if (!known.includes(key)) {
            const context = t.appendContext(c, key, UnknownField, u[key]);
            errors.push({ value: u[key], context, message: `unknown field "${key}"${fields}` });
          }
        return errors.length > 0 ? t.failures(errors) : t.success(out as StrictOf<R, O>);
      },
      (a) => {
        const out: Record<string, unknown> = {};
        const all: t.Props = { ...required, ...optional };
        for (const [key, value] of Object.entries(a))
          if (value !== undefined) out[key] = (all[key] as t.Mixed).encode(value);
        return out as StrictOutputOf<R, O>;
      },
    );
  }
}

export const strictType = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): StrictType<R, O> => new StrictType(name, required, optional);
