import * as t from 'io-ts';

type Required<P extends t.Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> };
type Optional<P extends t.Props> = { readonly [K in keyof P]?: t.TypeOf<P[K]> };
export type StrictOf<R extends t.Props, O extends t.Props> = Required<R> & Optional<O>;

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
 * A map with required and optional fields that rejects any other key. Unlike
 * `t.exact(t.intersection(...))` it neither strips a typo silently (`outcom: permit`
 * would otherwise pass unchecked) nor adds intersection indexes to error paths.
 */
export const strictType = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): t.Type<StrictOf<R, O>, unknown, unknown> =>
  new t.Type<StrictOf<R, O>, unknown, unknown>(
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
      const known = [...Object.keys(required), ...Object.keys(optional)];
      for (const key of Object.keys(u))
        if (!known.includes(key)) {
          const context = t.appendContext(c, key, UnknownField, u[key]);
          const fields = known.length > 0 ? `: ${name} takes ${known.join(', ')}` : '';
          errors.push({ value: u[key], context, message: `unknown field "${key}"${fields}` });
        }
      return errors.length > 0 ? t.failures(errors) : t.success(out as StrictOf<R, O>);
    },
    (a) => a,
  );
