import * as t from 'io-ts';
import { AccessEvent } from './access/events.js';
import * as access from './access/state.js';
import { CareEvent } from './care/events.js';
import { EndNoticeEvent } from './endNotices/events.js';
import * as notices from './endNotices/state.js';
import * as care from './care/state.js';
import { ProxyEvent } from './proxy/events.js';
import * as proxy from './proxy/state.js';
import { SharingEvent } from './sharing/events.js';
import * as sharing from './sharing/state.js';
import { eventTypesOf } from '../shared/streams.js';
import { VerificationEvent } from './verification/events.js';
import * as verification from './verification/state.js';

/** Every event of a patient's `consent-<patientId>` stream. */
export const ConsentRecordEvent = t.union([
  SharingEvent,
  CareEvent,
  AccessEvent,
  VerificationEvent,
  ProxyEvent,
  EndNoticeEvent,
]);
export type ConsentRecordEvent = t.TypeOf<typeof ConsentRecordEvent>;

/**
 * The slices folded from one patient's consent stream. Proxies, capacity and where codes go
 * are here (not on the patient stream) so a proxy's action is decided, and appended, at the
 * very version that holds its grant: a revocation racing it makes the append fail and the
 * action is decided again on the revoked grant.
 */
export interface ConsentRecordState {
  readonly sharing: sharing.SharingState;
  readonly care: care.CareState;
  readonly access: access.AccessState;
  readonly verification: verification.VerificationState;
  readonly proxy: proxy.ProxyState;
  /** Whether the patient asked to be told when consents end, and what was noticed (docs/domain.md). */
  readonly notices: notices.EndNoticesState;
}

export const initialConsentRecord = (): ConsentRecordState => ({
  sharing: sharing.initialState(),
  care: care.initialState(),
  access: access.initialState(),
  verification: verification.initialState(),
  proxy: proxy.initialState(),
  notices: notices.initialState(),
});

const sharingTypes = eventTypesOf(SharingEvent);
const careTypes = eventTypesOf(CareEvent);
const accessTypes = eventTypesOf(AccessEvent);
const proxyTypes = eventTypesOf(ProxyEvent);
const noticeTypes = eventTypesOf(EndNoticeEvent);

/** Hands each event to the slice that owns its type. */
export const evolveConsentRecord = (
  state: ConsentRecordState,
  event: ConsentRecordEvent,
): ConsentRecordState => {
  if (sharingTypes.has(event.type))
    return { ...state, sharing: sharing.evolve(state.sharing, event as SharingEvent) };
  if (careTypes.has(event.type))
    return { ...state, care: care.evolve(state.care, event as CareEvent) };
  if (accessTypes.has(event.type))
    return { ...state, access: access.evolve(state.access, event as AccessEvent) };
  if (proxyTypes.has(event.type))
    return { ...state, proxy: proxy.evolve(state.proxy, event as ProxyEvent) };
  if (noticeTypes.has(event.type))
    return { ...state, notices: notices.evolve(state.notices, event as EndNoticeEvent) };
  return {
    ...state,
    verification: verification.evolve(state.verification, event as VerificationEvent),
  };
};
