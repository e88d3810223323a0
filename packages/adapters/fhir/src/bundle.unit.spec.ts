import { auditEventsFromEvents } from './auditEvent.js';
import { fhirBundle } from './bundle.js';
import { consentsFromEvents } from './consent.js';
import { history, hospitalStaff } from './__fixtures__/events.js';
import { r4Problems } from './testing/index.js';

describe('Bundle', () => {
  const at = history();
  const events = [
    at('SharingPreferenceSet', { patientId: 'alice', preference: 'allow', setBy: 'patient' }),
    at(
      'AccessRequested',
      {
        patientId: 'alice',
        organisationId: 'cornwall-hospital',
        requestId: 'r-1',
        purpose: 'TREAT',
      },
      hospitalStaff,
    ),
    at(
      'RecordViewed',
      { patientId: 'alice', organisationId: 'cornwall-hospital', basis: 'patient-consent' },
      hospitalStaff,
    ),
  ];
  const bundle = fhirBundle(
    [...consentsFromEvents(events), ...auditEventsFromEvents(events)],
    '2026-07-02T00:00:00.000Z',
    'export-1',
  );

  it('is a valid R4 collection, entries included (bdl invariants, each resource on its own)', () => {
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['Consent', 'AuditEvent']);
    expect(r4Problems(bundle)).toEqual([]);
  });

  it('names each entry urn:uuid:<event id>, so entries are unique and traceable to the event', () => {
    expect(bundle.entry.map((e) => e.fullUrl)).toEqual(
      events.filter((_, i) => i !== 1).map((e) => `urn:uuid:${e.metadata.eventId}`),
    );
  });
});
