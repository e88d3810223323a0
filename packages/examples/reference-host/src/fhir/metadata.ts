import { profiles, type CapabilityStatement } from '@consentry/fhir';

const patientParam = {
  name: 'patient',
  type: 'reference' as const,
  documentation:
    'Required, as patient:identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number>: the patient by NHS number.',
};
const paging = 'Pages of _count (default 20, at most 100) from _offset; Bundle.link next/previous.';

/**
 * What this server does, for `GET /fhir/R4/metadata`. The same bearer tokens (scope `api`) and
 * signed-in sessions as /api/v1, with the same rules for who may read or record what.
 */
export const capabilityStatement = (date: string): CapabilityStatement => ({
  resourceType: 'CapabilityStatement',
  status: 'active',
  date,
  publisher: 'Consentry reference host',
  name: 'ConsentryReferenceHost',
  title: 'Consentry FHIR R4 API',
  description:
    'Patients’ sharing choices (Consent) and the audit of access to their shared record (AuditEvent), by NHS number and ODS code.',
  kind: 'instance',
  software: { name: 'Consentry reference host' },
  implementation: { description: 'Consentry FHIR R4 API (docs/fhir.md)' },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json', 'json'],
  rest: [
    {
      mode: 'server',
      documentation: paging,
      security: {
        description:
          'Authorization: Bearer <API token with the api scope> (staff of the token’s organisation), or a signed-in session with the header X-Consentry-Request: 1 on writes. Who may read or record what is as on /api/v1 (docs/fhir.md).',
      },
      resource: [
        {
          type: 'Consent',
          profile: profiles.consent,
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
          searchParam: [
            patientParam,
            { name: 'status', type: 'token', documentation: 'active or inactive.' },
            {
              name: 'actor',
              type: 'reference',
              documentation:
                'As actor:identifier=https://fhir.nhs.uk/Id/ods-organization-code|<ODS code>: choices about that organisation.',
            },
          ],
        },
        {
          type: 'AuditEvent',
          profile: profiles.auditEvent,
          interaction: [{ code: 'search-type' }],
          searchParam: [
            patientParam,
            {
              name: 'date',
              type: 'date',
              documentation:
                'AuditEvent.recorded; repeat with prefixes, e.g. date=ge2026-07-01&date=le2026-07-31.',
            },
          ],
        },
      ],
    },
  ],
});
