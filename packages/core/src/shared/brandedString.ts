import * as t from 'io-ts';

/**
 * A branded string codec that normalises before it validates (e.g. strips the spaces
 * people type into NHS and phone numbers), so every stored value has one spelling.
 */
export const brandedString = <B extends { readonly [K in keyof B]: symbol }>(
  name: string,
  expectation: string,
  isValid: (s: string) => boolean,
  normalise: (s: string) => string = (s) => s,
): t.Type<t.Branded<string, B>, string, unknown> =>
  new t.Type<t.Branded<string, B>, string, unknown>(
    name,
    (u): u is t.Branded<string, B> => typeof u === 'string' && isValid(u),
    (u, context) => {
      if (typeof u !== 'string') return t.failure(u, context, `expected ${expectation}`);
      const normalised = normalise(u);
      return isValid(normalised)
        ? t.success(normalised as t.Branded<string, B>)
        : t.failure(u, context, `expected ${expectation}`);
    },
    (a) => a,
  );

/** Opaque ids chosen by the embedding system or generated: no spaces, no personal data. */
export const isOpaqueId = (s: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/.test(s);

/** An ISO-8601 instant with a zone (what every event stores for times). */
export const isIsoInstant = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
  !Number.isNaN(Date.parse(s));

export interface IsoInstantBrand {
  readonly IsoInstant: unique symbol;
}
/** An instant as stored in events: ISO-8601 text, normalised to UTC `…Z`. */
export const IsoInstant = brandedString<IsoInstantBrand>(
  'IsoInstant',
  'an ISO-8601 date-time with a zone, e.g. 2026-07-01T09:00:00Z',
  isIsoInstant,
  (s) => (isIsoInstant(s) ? new Date(s).toISOString() : s),
);
export type IsoInstant = t.TypeOf<typeof IsoInstant>;

/** Non-empty trimmed free text up to `max` characters (names, reasons, justifications). */
export interface BoundedTextBrand {
  readonly BoundedText: unique symbol;
}
export const boundedText = (name: string, max: number) =>
  brandedString<BoundedTextBrand>(
    name,
    `non-empty text of at most ${max} characters`,
    (s) => s.length > 0 && s.length <= max,
    (s) => s.trim(),
  );
export const Text = boundedText('Text', 2000);
export type Text = t.TypeOf<typeof Text>;

/** A Date as the IsoInstant events store (toISOString is always valid UTC). */
export const instant = (date: Date): IsoInstant => date.toISOString() as IsoInstant;
