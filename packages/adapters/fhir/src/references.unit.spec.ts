import { ERASED } from '@consentry/core';
import { mapDirectory } from './directory.js';
import { patientReference } from './references.js';

const organisations = new Map();

describe('patientReference', () => {
  it('names a known patient by NHS number and name', () => {
    const directory = mapDirectory(
      new Map([['alice', { nhsNumber: '9434765919', name: 'Alice Smith' }]]),
      organisations,
    );
    expect(patientReference(directory, 'alice')).toEqual({
      type: 'Patient',
      identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' },
      display: 'Alice Smith',
    });
  });

  it('an erased patient (docs/personal-data.md) is named by internal id, with no number or name', () => {
    const directory = mapDirectory(
      new Map([['alice', { nhsNumber: ERASED, name: ERASED }]]),
      organisations,
    );
    expect(patientReference(directory, 'alice')).toEqual({ reference: 'Patient/alice' });
  });
});
