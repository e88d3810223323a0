import * as t from 'io-ts';
import { brandedString } from '../../shared/brandedString.js';

/** The patient's choice for one organisation or for all; absent means "not asked". */
export const Preference = t.keyof({ allow: null, deny: null, 'require-verification': null });
export type Preference = t.TypeOf<typeof Preference>;

/** Who recorded a preference: the patient (portal), the practice on their behalf, or an organisation that asked in person. */
export const PreferenceSetter = t.keyof({ patient: null, practice: null, organisation: null });
export type PreferenceSetter = t.TypeOf<typeof PreferenceSetter>;

export const ConsentAnswer = t.keyof({ consent: null, dissent: null });
export type ConsentAnswer = t.TypeOf<typeof ConsentAnswer>;

/** How a sharing-in consent or dissent came to be recorded. */
export const ConsentRoute = t.keyof({
  'verified-code': null,
  'approved-online': null,
  'refused-online': null,
  'in-person': null,
});
export type ConsentRoute = t.TypeOf<typeof ConsentRoute>;

export interface SensitiveLabelBrand {
  readonly SensitiveLabel: unique symbol;
}

/**
 * The label of a sensitive record entry (`sexual-health`, `safeguarding`, …): lower-case words
 * joined by hyphens. Which labels count as sensitive is policy (record/labels.ts).
 */
export const SensitiveLabel = brandedString<SensitiveLabelBrand>(
  'SensitiveLabel',
  'a label of lower-case words joined by hyphens, such as sexual-health',
  (s) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s) && s.length <= 64,
  (s) => s.trim().toLowerCase(),
);
export type SensitiveLabel = t.TypeOf<typeof SensitiveLabel>;
