import { issueTypeForStatus, operationOutcome } from './operationOutcome.js';
import { searchsetBundle } from './bundle.js';
import { consentsFromEvents } from './consent.js';
import { directory, history } from './__fixtures__/events.js';
import { r4Problems } from './testing/index.js';

describe('OperationOutcome and searchset Bundle', () => {
  it('an outcome per HTTP status is valid R4 and UK Core, with the element at fault', () => {
    for (const status of [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429, 500, 503]) {
      const outcome = operationOutcome([
        {
          code: issueTypeForStatus(status),
          text: `status ${status}`,
          tag: 'NotPermitted',
          expression: 'http.patient',
        },
      ]);
      expect(r4Problems(outcome)).toEqual([]);
    }
    expect(issueTypeForStatus(403)).toBe('forbidden');
    expect(issueTypeForStatus(404)).toBe('not-found');
  });

  it('a searchset page carries total, links and entry.search, and validates with its entries', () => {
    const at = history();
    const consents = consentsFromEvents(
      [at('SharingPreferenceSet', { patientId: 'alice', preference: 'deny', setBy: 'patient' })],
      { directory },
    );
    const bundle = searchsetBundle({
      base: 'https://example.org/fhir/R4',
      resources: consents,
      total: 3,
      links: [
        { relation: 'self', url: 'https://example.org/fhir/R4/Consent?_count=1' },
        { relation: 'next', url: 'https://example.org/fhir/R4/Consent?_count=1&_offset=1' },
      ],
      timestamp: '2026-07-02T00:00:00.000Z',
      outcome: operationOutcome([{ code: 'informational', text: 'x', severity: 'information' }]),
    });
    expect(bundle.entry[0]?.fullUrl).toBe(`https://example.org/fhir/R4/Consent/${consents[0]!.id}`);
    // 'informational' is an issue type R4 has: the outcome entry validates too.
    expect(r4Problems(bundle)).toEqual([]);
  });
});
