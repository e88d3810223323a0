import { emptyStats, runSequence } from './__fixtures__/trustProperty.js';
import type { Step } from './__fixtures__/trustSteps.js';

/**
 * Sequences the trust property (noSelfGrant.unit.spec.ts) found, shrunk and pinned so they run
 * every time. Each ends with an organisation holding a permit that no choice of the patient or
 * their practice supports any more. Checked after every step exactly as the property does.
 */
const feedStartsCare = (org: 'decided' | 'local'): Step => ({
  as: `organisation-system:${org}`,
  do: 'startCare',
  patient: 'alice',
  org: 'own',
});
const alice = (
  preference: 'allow' | 'deny' | 'require-verification',
  org?: 'decided' | 'local',
): Step => ({
  as: 'patient:alice',
  do: 'setSharingPreference',
  patient: 'alice',
  preference,
  setBy: 'patient',
  ...(org === undefined ? {} : { org }),
});
const consentInPerson = (org: 'decided' | 'local'): Step => ({
  as: `organisation-staff:${org}`,
  do: 'recordInPersonAnswer',
  patient: 'alice',
  org: 'own',
  answer: 'consent',
});

const found: Record<string, readonly Step[]> = {
  "an organisation's own allow, recorded while the patient allowed everyone, outlives her deny for all":
    [
      feedStartsCare('decided'),
      alice('allow'),
      {
        as: 'organisation-staff:decided',
        do: 'setSharingPreference',
        patient: 'alice',
        org: 'own',
        preference: 'allow',
        setBy: 'organisation',
      },
      alice('deny'),
    ],
  'an in-person consent recorded while the patient allowed the organisation outlives her asking for a code':
    [
      feedStartsCare('decided'),
      alice('allow', 'decided'),
      consentInPerson('decided'),
      alice('require-verification', 'decided'),
    ],
  'an in-person consent recorded while the patient allowed everyone outlives her asking for a code':
    [
      feedStartsCare('decided'),
      alice('allow'),
      consentInPerson('decided'),
      alice('require-verification'),
    ],
  'a local in-person consent recorded while the patient allowed it outlives her clearing the choice':
    [
      feedStartsCare('local'),
      alice('allow', 'local'),
      consentInPerson('local'),
      { as: 'patient:alice', do: 'clearSharingPreference', patient: 'alice', org: 'local' },
    ],
  "an organisation lifts the patient's deny by replacing it with one that ends a second later": [
    feedStartsCare('local'),
    alice('deny', 'local'),
    {
      as: 'organisation-staff:local',
      do: 'setSharingPreference',
      patient: 'alice',
      org: 'own',
      preference: 'deny',
      setBy: 'organisation',
      untilSeconds: 1,
    },
    { do: 'wait', seconds: 2 },
    consentInPerson('local'),
  ],
  "an organisation lifts the patient's deny for all by replacing it with one that ends a second later":
    [
      feedStartsCare('local'),
      alice('deny'),
      {
        as: 'organisation-staff:local',
        do: 'setSharingPreference',
        patient: 'alice',
        preference: 'deny',
        setBy: 'organisation',
        untilSeconds: 1,
      },
      { do: 'wait', seconds: 2 },
      consentInPerson('local'),
    ],
  "an expired allow for the organisation hides the patient's later deny for all": [
    feedStartsCare('local'),
    {
      as: 'patient:alice',
      do: 'setSharingPreference',
      patient: 'alice',
      org: 'local',
      preference: 'allow',
      setBy: 'patient',
      untilSeconds: 30,
    },
    { do: 'wait', seconds: 31 },
    alice('deny'),
    {
      as: 'organisation-staff:local',
      do: 'setSharingPreference',
      patient: 'alice',
      org: 'own',
      preference: 'require-verification',
      setBy: 'organisation',
    },
    {
      as: 'organisation-staff:local',
      do: 'requestAccess',
      patient: 'alice',
      org: 'own',
      purpose: 'TREAT',
    },
    {
      as: 'organisation-staff:local',
      do: 'enterCode',
      patient: 'alice',
      org: 'own',
      code: 'right',
    },
  ],
  "the practice's allow for all opens the record to an organisation in care, and the patient is told":
    [
      feedStartsCare('local'),
      {
        as: 'practice-staff:practice',
        do: 'setSharingPreference',
        patient: 'alice',
        preference: 'allow',
        setBy: 'practice',
      },
    ],
};

describe('sequences the trust property found', () => {
  it.each(Object.entries(found))(
    '%s: no permit without a ground, nobody left untold',
    async (_, sequence) => {
      await runSequence(sequence, emptyStats());
    },
  );
});
