import type { ConsentRecordState } from '../state.js';
import { inactiveReason } from '../proxy/state.js';
import type { PreferenceEntry } from '../sharing/state.js';
import type { ConsentEndNoticed, EndNoticeEvent, ProxyEndNoticed } from './events.js';
import { consentEndKey, proxyEndKey } from './state.js';
import type * as t from 'io-ts';

type ConsentEnd = t.TypeOf<typeof ConsentEndNoticed>;
type ProxyEnd = t.TypeOf<typeof ProxyEndNoticed>;

const endedBy = (until: string | undefined, now: Date): until is string =>
  until !== undefined && Date.parse(until) <= now.getTime();

/**
 * The time-limited consents that have ended by `now` and are still to be noticed: each
 * sharing-in consent and each `allow` preference (for one organisation or for all) whose
 * `until` has passed, that ended at or after the patient asked to be told. Nothing when the
 * patient has not asked (or asked not to be told).
 */
const consentEnds = (record: ConsentRecordState, patientId: string, now: Date): ConsentEnd[] => {
  const { tell, askedAt, noticed } = record.notices;
  if (!tell || askedAt === undefined) return [];
  const asked = Date.parse(askedAt);
  const wanted = (
    consent: 'sharing-in' | 'preference',
    organisationId: string | undefined,
    until: string | undefined,
  ): ConsentEnd[] =>
    endedBy(until, now) &&
    Date.parse(until) >= asked &&
    !noticed.has(consentEndKey(consent, organisationId, until))
      ? [
          {
            type: 'ConsentEndNoticed',
            data: {
              patientId,
              consent,
              until,
              ...(organisationId === undefined ? {} : { organisationId }),
            } as ConsentEnd['data'],
          },
        ]
      : [];
  const allow = (entry: PreferenceEntry | undefined) =>
    entry?.preference === 'allow' ? entry.until : undefined;
  const { sharing } = record;
  return [
    ...Object.entries(sharing.sharingIn).flatMap(([organisationId, entry]) =>
      entry.answer === 'consent' ? wanted('sharing-in', organisationId, entry.until) : [],
    ),
    ...Object.entries(sharing.preferences).flatMap(([organisationId, entry]) =>
      wanted('preference', organisationId, allow(entry)),
    ),
    ...wanted('preference', undefined, allow(sharing.preferenceForAll)),
  ];
};

/**
 * The proxy grants that stopped being in force by the clock (end date, or a parent's on the
 * child's 16th birthday) and are still to be noticed. A revoked grant is not: someone ended it.
 * Told whether or not the patient asked about consents: it is their proxy's access that ended.
 */
const proxyEnds = (
  record: ConsentRecordState,
  patientId: string,
  dateOfBirth: string,
  now: Date,
): ProxyEnd[] =>
  Object.values(record.proxy.grants).flatMap((grant): ProxyEnd[] => {
    const reason = inactiveReason(grant, dateOfBirth, now);
    if (reason !== 'ended' && reason !== 'child-turned-sixteen') return [];
    if (record.notices.noticed.has(proxyEndKey(grant.proxyId, grant.grantedAt))) return [];
    return [
      {
        type: 'ProxyEndNoticed',
        data: {
          patientId,
          proxyId: grant.proxyId,
          relationship: grant.relationship,
          grantedAt: grant.grantedAt,
          reason,
        } as ProxyEnd['data'],
      },
    ];
  });

/**
 * What one maintenance sweep records for one patient (docs/facade-api.md, `runMaintenance`):
 * every ending not yet noticed. Decided on the consent stream as it stands, so a second sweep,
 * or two sweeps at once, find the notices already there and record nothing.
 */
export const endingsToNotice = (
  record: ConsentRecordState,
  patientId: string,
  dateOfBirth: string,
  now: Date,
): readonly EndNoticeEvent[] => [
  ...consentEnds(record, patientId, now),
  ...proxyEnds(record, patientId, dateOfBirth, now),
];
