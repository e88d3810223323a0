import * as E from 'fp-ts/lib/Either.js';
import { inMemoryEventStore } from '@consentry/core';
import { identifierSystems, profiles } from '@consentry/fhir';
import { ALICE_NHS, tellStory } from './__fixtures__/story.js';
import { exportFhir } from './exportFhir.js';
import { validated } from '../fhir/__fixtures__/verdict.js';

const target = { store: inMemoryEventStore(), label: 'memory' };
beforeAll(() => tellStory(target.store, false));

const exported = async (nhsNumber?: string) => {
  const bundle = await exportFhir(target, nhsNumber, new Date('2026-07-03T00:00:00Z'));
  if (E.isLeft(bundle)) throw new Error(bundle.left);
  return bundle.right;
};

describe('audit export-fhir', () => {
  it('is a valid R4 / UK Core collection, every entry included', async () => {
    for (const bundle of [await exported(ALICE_NHS), await exported()]) {
      expect(bundle.meta?.profile).toEqual([profiles.bundle]);
      expect(validated(bundle)).toEqual([]);
    }
  });

  it('names Alice by NHS number and every organisation by ODS code, never by internal id', async () => {
    const bundle = await exported(ALICE_NHS);
    const text = JSON.stringify(bundle);
    expect(text).not.toMatch(/Patient\/|Organization\/|"alice"|leic-hospital|cornwall-hospital/);
    expect(text).not.toMatch(/Alice Smith/);
    const consents = bundle.entry.flatMap((e) =>
      e.resource.resourceType === 'Consent' ? [e.resource] : [],
    );
    for (const consent of consents)
      expect(consent.patient).toEqual({
        type: 'Patient',
        identifier: { system: identifierSystems.nhsNumber, value: ALICE_NHS },
      });
    const odsCodes = new Set(
      [...text.matchAll(/ods-organization-code","value":"([A-Z0-9]+)"/g)].map((m) => m[1]),
    );
    expect(odsCodes).toEqual(new Set(['RWE01', 'REF01']));
  });

  it('names the member of staff behind each decision by their account', async () => {
    const bundle = await exported(ALICE_NHS);
    const agents = bundle.entry.flatMap((e) =>
      e.resource.resourceType === 'AuditEvent' ? e.resource.agent : [],
    );
    expect(agents).toContainEqual({
      type: expect.anything() as unknown,
      who: {
        type: 'Practitioner',
        identifier: { system: 'urn:consentry:staff-account', value: 'dr-penrose' },
      },
      requestor: true,
    });
  });
});
