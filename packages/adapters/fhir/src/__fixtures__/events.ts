import { uuidV7Ids, type Actor, type RecordedEvent } from '@consentry/core';
import { mapDirectory } from '../directory.js';

/** Recorded events as a store returns them, a minute apart from 09:00 on 1 July 2026. */
export const history = () => {
  let minute = 0;
  return (
    type: string,
    data: unknown,
    actor: Actor = { kind: 'patient', id: 'alice' },
  ): RecordedEvent => {
    minute++;
    return {
      type,
      data,
      metadata: {
        eventId: uuidV7Ids.next(),
        recordedAt: new Date(Date.UTC(2026, 6, 1, 9, minute)).toISOString(),
        actor,
        correlationId: 'c-1',
        schemaVersion: 1,
      },
      streamName: 'sharing-alice',
      streamPosition: BigInt(minute),
      globalPosition: BigInt(minute),
      hash: '0'.repeat(64),
    };
  };
};

export const practiceStaff: Actor = {
  kind: 'practice-staff',
  id: 'u-7',
  organisationId: 'leic-practice',
};
export const hospitalStaff: Actor = {
  kind: 'organisation-staff',
  id: 'dr-9',
  organisationId: 'cornwall-hospital',
};

/** National identifiers for the fixtures' internal ids (NHS numbers pass the check digit). */
export const directory = mapDirectory(
  new Map([
    ['alice', { nhsNumber: '9434765919', name: 'Alice Smith' }],
    ['bob', { nhsNumber: '9487234527' }],
  ]),
  new Map([
    ['cornwall-hospital', { odsCode: 'RK9', name: 'Cornwall Coast Hospital' }],
    ['leic-practice', { odsCode: 'C82001' }],
    ['devon-clinic', { odsCode: 'RA9' }],
  ]),
  // Only dr-9's SDS user id is known; u-7 is referred to by no one.
  (actor) =>
    actor.id === 'dr-9'
      ? { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555123456789' }
      : undefined,
);
