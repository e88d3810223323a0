import { send, type TestHost, type TestResponse } from '../../__fixtures__/testHost.js';

export const ALICE = '9434765919';
export const BOB = '9487234527';
export const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

/** Who calls: a bearer token, or a signed-in session's cookie (writes then carry the custom header). */
export type Caller = { readonly token: string } | { readonly cookie: string } | null;

export const fhir = (
  host: TestHost,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> =>
  send(
    host.base,
    method,
    path.startsWith('http') ? path.slice(host.base.length) : `/fhir/R4${path}`,
    {
      headers: {
        ...(caller === null
          ? {}
          : 'token' in caller
            ? { authorization: `Bearer ${caller.token}` }
            : { cookie: caller.cookie, 'x-consentry-request': '1' }),
        ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    },
  );

const coding = (system: string, code: string) => ({ coding: [{ system, code }] });

/** A Consent as another system would post it. */
export const postedConsent = (choice: {
  nhsNumber: string;
  policy: 'OPTIN' | 'OPTOUT' | 'OPTINR';
  kind?: 'sharing-preference' | 'sharing-in-answer' | 'sharing-out-answer';
  ods?: string;
  role?: 'IRCP' | 'CST';
  until?: string;
  extra?: Record<string, unknown>;
}) => ({
  resourceType: 'Consent',
  status: 'active',
  scope: coding('http://terminology.hl7.org/CodeSystem/consentscope', 'patient-privacy'),
  category: [
    coding('http://loinc.org', '59284-0'),
    ...(choice.kind === undefined ? [] : [coding('urn:consentry:consent-kind', choice.kind)]),
  ],
  patient: { type: 'Patient', identifier: { system: NHS, value: choice.nhsNumber } },
  policyRule: coding('http://terminology.hl7.org/CodeSystem/v3-ActCode', choice.policy),
  ...choice.extra,
  provision: {
    type: choice.policy === 'OPTOUT' ? 'deny' : 'permit',
    ...(choice.until === undefined ? {} : { period: { end: choice.until } }),
    ...(choice.ods === undefined
      ? {}
      : {
          actor: [
            {
              role: coding(
                'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                choice.role ?? 'IRCP',
              ),
              reference: { type: 'Organization', identifier: { system: ODS, value: choice.ods } },
            },
          ],
        }),
  },
});
