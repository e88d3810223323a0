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
  /** A time-limited consent: it no longer stands from this instant. */
  readonly until?: string;
}

/** A patient's sharing choices; keys are organisation ids. */
export interface SharingState {
  readonly preferenceForAll?: PreferenceEntry;
  readonly preferences: Readonly<Record<string, PreferenceEntry>>;
  /** Standing sharing-in consents and dissents; a withdrawn consent is removed. */
  readonly sharingIn: Readonly<Record<string, SharingInEntry>>;
  readonly sharingOut: Readonly<Record<string, ConsentAnswer>>;
  /** Sensitive labels the patient agreed each organisation may see (organisation id → labels). */
  readonly labelConsents: Readonly<Record<string, readonly string[]>>;
}

export const initialState = (): SharingState => ({
  preferences: {},
  sharingIn: {},
  sharingOut: {},
  labelConsents: {},
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
    case 'SharingInConsentRecorded': {
      const { answer, route, until } = event.data;
      const entry: SharingInEntry =
        until === undefined ? { answer, route } : { answer, route, until };
      return {
        ...state,
        sharingIn: { ...state.sharingIn, [event.data.organisationId]: entry },
      };
    }
    case 'SharingInConsentWithdrawn':
      return { ...state, sharingIn: without(state.sharingIn, event.data.organisationId) };
    case 'SharingOutConsentRecorded':
      return {
        ...state,
        sharingOut: { ...state.sharingOut, [event.data.organisationId]: event.data.answer },
      };
    case 'SensitiveLabelConsentRecorded': {
      const { organisationId, label } = event.data;
      const held = state.labelConsents[organisationId] ?? [];
      return held.includes(label)
        ? state
        : {
            ...state,
            labelConsents: { ...state.labelConsents, [organisationId]: [...held, label] },
          };
    }
  }
};

/**
 * The sharing-in answer for O that stands at `now`: a consent past its `until` has ended and
 * no longer stands (a dissent has no end date).
 */
export const standingSharingIn = (
  state: SharingState,
  organisationId: string,
  now: Date,
): SharingInEntry | undefined => {
  const entry = state.sharingIn[organisationId];
  return entry?.until !== undefined && Date.parse(entry.until) <= now.getTime() ? undefined : entry;
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
