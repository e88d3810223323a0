import * as E from 'fp-ts/lib/Either.js';
import { formatScenarioFileError, parseScenario } from '../index.js';

const header = `scenario: Proxies
start: 2026-07-01T09:00:00Z
organisations:
  - { id: leic-practice, kind: gp-practice, area: leicestershire }
patients:
  - { id: lily, nhsNumber: "4010232137", homeArea: leicestershire, practice: leic-practice }
steps:
`;

const messages = async (steps: string): Promise<string> => {
  const result = await parseScenario(`${header}${steps}`, 'story.yaml')();
  return E.isLeft(result) ? result.left.map(formatScenarioFileError).join('\n') : 'accepted';
};

describe('scenario proxy verbs (docs/scenarios.md, "Proxies")', () => {
  it('read addProxy, codesTo and as: <proxy> inside the map', async () => {
    expect(
      await messages(`  - addProxy: { patient: lily, proxy: sam, relationship: parent, scope: [manage-sharing, receive-codes], until: 30d }
  - codesTo: { patient: lily, to: both, as: sam }
  - withdrawConsent: { patient: lily, organisation: leic-practice, as: sam }
  - lacksCapacity: { patient: lily }
  - removeProxy: { patient: lily, proxy: sam, by: patient }
`),
    ).toBe('accepted');
  });

  it('refuse a proxy as: beside a top-level as:, an unknown relationship and scope, and as: on a verb a proxy never runs', async () => {
    expect(
      await messages(`  - withdrawConsent: { patient: lily, organisation: leic-practice, as: sam }
    as: practice
`),
    ).toContain('not also "as" beside it');
    expect(
      await messages(`  - addProxy: { patient: lily, proxy: sam, relationship: uncle }
`),
    ).not.toBe('accepted');
    expect(
      await messages(`  - addProxy: { patient: lily, proxy: sam, relationship: parent, scope: [everything] }
`),
    ).not.toBe('accepted');
    expect(
      await messages(`  - requestAccess: { patient: lily, organisation: leic-practice, as: sam }
`),
    ).not.toBe('accepted');
  });
});
