import type { Projection } from './projection.js';
import { consentEndKey, proxyEndKey } from '../consentRecord/endNotices/state.js';

/** One thing that may end by the clock and is not yet noticed. */
interface Pending {
  readonly key: string;
  readonly consent: boolean;
  readonly until?: string;
  /** A parent's grant also ends on the child's 16th birthday (the sweep reads the date of birth). */
  readonly parent?: boolean;
}

interface PatientEndings {
  tell: boolean;
  askedAt?: string;
  /** By slot: `sharing-in`/`preference` and the organisation (`*`: all), or `proxy` and its id. */
  readonly pending: Map<string, Pending>;
}

/**
 * Which patients the maintenance sweep must look at: a read model over the whole log
 * (`readAll`), caught up before each sweep. It only narrows the search — the sweep decides
 * every notice again on the patient's consent stream — so it may hold a patient who turns out
 * to have nothing due, but never misses one who has.
 */
export type EndingsState = Map<string, PatientEndings>;

const slot = (kind: string, id: string | undefined) => `${kind}\n${id ?? '*'}`;

const of = (state: EndingsState, patientId: string): PatientEndings => {
  const held = state.get(patientId);
  if (held !== undefined) return held;
  const fresh: PatientEndings = { tell: false, pending: new Map() };
  state.set(patientId, fresh);
  return fresh;
};

/** Sets (or, with no `until`, drops) what may end in this slot. */
const track = (
  state: EndingsState,
  patientId: string,
  at: string,
  pending: Pending | undefined,
): void => {
  const p = of(state, patientId);
  if (pending === undefined) p.pending.delete(at);
  else p.pending.set(at, pending);
};

const noticed = (state: EndingsState, patientId: string, at: string, key: string): void => {
  const p = state.get(patientId);
  if (p?.pending.get(at)?.key === key) p.pending.delete(at);
};

export const endingsProjection: Projection<EndingsState> = {
  name: 'endings',
  initialState: () => new Map(),
  evolve: (state, event) => {
    switch (event.type) {
      case 'SharingInConsentRecorded': {
        const { patientId, organisationId, answer, until } = event.data;
        const at = slot('sharing-in', organisationId);
        track(
          state,
          patientId,
          at,
          answer === 'consent' && until !== undefined
            ? { key: consentEndKey('sharing-in', organisationId, until), consent: true, until }
            : undefined,
        );
        return state;
      }
      case 'SharingInConsentWithdrawn':
        track(
          state,
          event.data.patientId,
          slot('sharing-in', event.data.organisationId),
          undefined,
        );
        return state;
      case 'SharingPreferenceSet': {
        const { patientId, organisationId, preference, until } = event.data;
        track(
          state,
          patientId,
          slot('preference', organisationId),
          preference === 'allow' && until !== undefined
            ? { key: consentEndKey('preference', organisationId, until), consent: true, until }
            : undefined,
        );
        return state;
      }
      case 'SharingPreferenceCleared':
        track(
          state,
          event.data.patientId,
          slot('preference', event.data.organisationId),
          undefined,
        );
        return state;
      case 'ProxyGranted': {
        const { patientId, proxyId, grantedAt, until, relationship } = event.data;
        track(state, patientId, slot('proxy', proxyId), {
          key: proxyEndKey(proxyId, grantedAt),
          consent: false,
          ...(until === undefined ? {} : { until }),
          parent: relationship === 'parent',
        });
        return state;
      }
      case 'ProxyRevoked':
        track(state, event.data.patientId, slot('proxy', event.data.proxyId), undefined);
        return state;
      case 'EndNoticesChosen': {
        const p = of(state, event.data.patientId);
        p.tell = event.data.tell;
        p.askedAt = event.data.at;
        return state;
      }
      case 'ConsentEndNoticed': {
        const { patientId, consent, organisationId, until } = event.data;
        noticed(
          state,
          patientId,
          slot(consent, organisationId),
          consentEndKey(consent, organisationId, until),
        );
        return state;
      }
      case 'ProxyEndNoticed': {
        const { patientId, proxyId, grantedAt } = event.data;
        noticed(state, patientId, slot('proxy', proxyId), proxyEndKey(proxyId, grantedAt));
        return state;
      }
      default:
        return state;
    }
  },
};

const due = (p: PatientEndings, item: Pending, now: number): boolean => {
  if (item.consent)
    return (
      p.tell &&
      p.askedAt !== undefined &&
      item.until !== undefined &&
      Date.parse(item.until) <= now &&
      Date.parse(item.until) >= Date.parse(p.askedAt)
    );
  // A parent's grant may end on a birthday only the patient stream knows: looked at each sweep.
  return item.parent === true || (item.until !== undefined && Date.parse(item.until) <= now);
};

/** The patients who may have an ending to notice at `now`, in a stable order. */
export const patientsWithEndings = (state: EndingsState, now: Date): readonly string[] =>
  [...state.entries()]
    .filter(([, p]) => [...p.pending.values()].some((item) => due(p, item, now.getTime())))
    .map(([patientId]) => patientId)
    .sort();
