import * as t from 'io-ts';

/**
 * What a personal field reads as once its data key is destroyed (docs/personal-data.md).
 * Not a value any input codec accepts, so nobody can register or record it.
 */
export const ERASED = '[erased]';

export const isErased = (value: unknown): boolean => value === ERASED;

/**
 * A stored event's personal field: the codec's values, or `ERASED`. Typed as the codec's own
 * type so folds and read models keep their plain shapes; a reader that shows the value
 * (a page, a FHIR resource) checks `isErased` first.
 */
export const erasable = <C extends t.Mixed>(codec: C): C =>
  new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    codec.name,
    (u): u is t.TypeOf<C> => u === ERASED || codec.is(u),
    (u, context) => (u === ERASED ? t.success(u) : codec.validate(u, context)),
    (a): t.OutputOf<C> => (a === ERASED ? a : (codec.encode(a) as t.OutputOf<C>)),
  ) as unknown as C;
