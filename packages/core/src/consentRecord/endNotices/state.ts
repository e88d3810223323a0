import type { EndNoticeEvent } from './events.js';

/** Whether the patient asked to be told, since when, and which endings were already noticed. */
export interface EndNoticesState {
  readonly tell: boolean;
  /** When the patient last chose to be told. */
  readonly askedAt?: string;
  /** Keys of the endings already noticed (see `consentEndKey`, `proxyEndKey`). */
  readonly noticed: ReadonlySet<string>;
}

export const initialState = (): EndNoticesState => ({ tell: false, noticed: new Set() });

/** One time-limited consent: renewing it (a new `until`) is a new consent, with its own notice. */
export const consentEndKey = (
  consent: 'sharing-in' | 'preference',
  organisationId: string | undefined,
  until: string,
): string => `${consent}\n${organisationId ?? '*'}\n${until}`;

/** One grant: granting again (a new `grantedAt`) is a new grant, with its own notice. */
export const proxyEndKey = (proxyId: string, grantedAt: string): string =>
  `proxy\n${proxyId}\n${grantedAt}`;

export const evolve = (state: EndNoticesState, event: EndNoticeEvent): EndNoticesState => {
  switch (event.type) {
    case 'EndNoticesChosen':
      return event.data.tell
        ? { ...state, tell: true, askedAt: event.data.at }
        : { noticed: state.noticed, tell: false };
    // A new set per event: held states are shared, so they are never changed in place.
    case 'ConsentEndNoticed': {
      const { consent, organisationId, until } = event.data;
      return {
        ...state,
        noticed: new Set(state.noticed).add(consentEndKey(consent, organisationId, until)),
      };
    }
    case 'ProxyEndNoticed':
      return {
        ...state,
        noticed: new Set(state.noticed).add(proxyEndKey(event.data.proxyId, event.data.grantedAt)),
      };
  }
};
