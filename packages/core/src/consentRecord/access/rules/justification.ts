/**
 * An emergency justification must say something: at least this many visible characters once
 * whitespace, control characters and zero-width characters are taken out (docs/domain.md).
 */
export const MIN_JUSTIFICATION_CHARACTERS = 10;

// \p{White_Space}, \p{Cc} control, \p{Cf} format (zero-width space, joiners, BOM, bidi marks).
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}]/gu;

/** The visible characters of a text, counted as code points. */
export const visibleLength = (text: string): number => [...text.replace(INVISIBLE, '')].length;

export const isMeaningfulJustification = (text: string | undefined): text is string =>
  text !== undefined && visibleLength(text) >= MIN_JUSTIFICATION_CHARACTERS;
