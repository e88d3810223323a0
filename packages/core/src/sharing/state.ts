import type { ConsentAnswer, ConsentRoute, Preference, PreferenceSetter } from './codecs.js';
import type { SharingEvent } from './events.js';

export interface PreferenceEntry {
  readonly preference: Preference;
  readonly setBy: PreferenceSetter;
  readonly until?: string;
}

export interface SharingInEntry {
  readonly answer: ConsentAnswer;
  readonly route: ConsentRoute;
}

/** A patient's sharing choices; keys are organisation ids. */
export interface SharingState {
  readonly preferenceForAll?: PreferenceEntry;
  readonly preferences: Readonly<Record<string, PreferenceEntry>>;
  /** Standing sharing-in consents and dissents; a withdrawn consent is removed. */
  readonly sharingIn: Readonly<Record<string, SharingInEntry>>;
  readonly sharingOut: Readonly<Record<string, ConsentAnswer>>;
}

export const initialState = (): SharingState => ({
  preferences: {},
  sharingIn: {},
  sharingOut: {},
});

const without = <V>(
  record: Readonly<Record<string, V>>,
  key: string,
): Readonly<Record<string, V>> => {
  const { [key]: _, ...rest } = record;
  return rest;
};

export const evolve = (state: SharingState, event: SharingEvent): SharingState => {
  switch (event.type) {
    case 'SharingPreferenceSet': {
      const { organisationId, preference, setBy, until } = event.data;
      const entry: PreferenceEntry =
        until === undefined ? { preference, setBy } : { preference, setBy, until };
      return organisationId === undefined
        ? { ...state, preferenceForAll: entry }
        : { ...state, preferences: { ...state.preferences, [organisationId]: entry } };
    }
    case 'SharingPreferenceCleared': {
      const { organisationId } = event.data;
      if (organisationId !== undefined)
        return { ...state, preferences: without(state.preferences, organisationId) };
      const { preferenceForAll: _, ...rest } = state;
      return rest;
    }
    case 'SharingInConsentRecorded':
      return {
        ...state,
        sharingIn: {
          ...state.sharingIn,
          [event.data.organisationId]: { answer: event.data.answer, route: event.data.route },
        },
      };
    case 'SharingInConsentWithdrawn':
      return { ...state, sharingIn: without(state.sharingIn, event.data.organisationId) };
    case 'SharingOutConsentRecorded':
      return {
        ...state,
        sharingOut: { ...state.sharingOut, [event.data.organisationId]: event.data.answer },
      };
  }
};

const active = (entry: PreferenceEntry | undefined, now: Date): PreferenceEntry | undefined =>
  entry !== undefined &&
  (entry.until === undefined || new Date(entry.until).getTime() > now.getTime())
    ? entry
    : undefined;

/**
 * Rule 6: the preference for O if set and unexpired, else the one for all organisations if
 * unexpired. A `deny` for all is not overruled by a preference an organisation set for itself:
 * only the patient's or the practice's own choice for O ("no to all but O") is.
 */
export const effectivePreference = (
  state: SharingState,
  organisationId: string,
  now: Date,
): Preference | 'unknown' => {
  const forAll = active(state.preferenceForAll, now);
  const own = active(state.preferences[organisationId], now);
  if (forAll?.preference === 'deny' && own?.setBy === 'organisation') return 'deny';
  return (own ?? forAll)?.preference ?? 'unknown';
};
