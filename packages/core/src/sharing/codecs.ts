import * as t from 'io-ts';

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
