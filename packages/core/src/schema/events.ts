import * as t from 'io-ts';
import { ConsentRecordEvent } from '../consentRecord/state.js';
import { OrganisationEvent } from '../organisation/events.js';
import { PatientEvent } from '../patient/events.js';
import { PracticeListsEvent } from '../practiceLists/events.js';
import { eventTypesOf } from '../shared/streams.js';
import { SharingEvent } from '../consentRecord/sharing/events.js';
import { CareEvent } from '../consentRecord/care/events.js';
import { AccessEvent } from '../consentRecord/access/events.js';
import { VerificationEvent } from '../consentRecord/verification/events.js';
import { RefusalEvent } from '../refusals/events.js';
import { NhsNumberReserved } from '../patient/reservation.js';
import { ProxyEvent } from '../consentRecord/proxy/events.js';
import { EndNoticeEvent } from '../consentRecord/endNotices/events.js';

/** Every domain event Consentry writes, by stream. */
export const ConsentryEvent = t.union([
  PatientEvent,
  OrganisationEvent,
  PracticeListsEvent,
  ConsentRecordEvent,
  RefusalEvent,
  NhsNumberReserved,
]);
export type ConsentryEvent = t.TypeOf<typeof ConsentryEvent>;

/** All event type names, for golden files and documentation. */
export const ALL_EVENT_TYPES: readonly string[] = [
  PatientEvent,
  OrganisationEvent,
  PracticeListsEvent,
  SharingEvent,
  CareEvent,
  AccessEvent,
  VerificationEvent,
  RefusalEvent,
  ProxyEvent,
  EndNoticeEvent,
]
  .flatMap((codec) => [...eventTypesOf(codec)])
  .concat([NhsNumberReserved.props.type.value]);
