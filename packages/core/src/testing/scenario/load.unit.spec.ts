import * as E from 'fp-ts/lib/Either.js';
import {
  formatScenarioFileError,
  parseScenario,
  type ParsedScenario,
  type ScenarioFileError,
} from './index.js';

const header = `scenario: A test
start: 2026-07-01T09:00:00Z
organisations:
  - { id: leic-practice, kind: gp-practice, area: leicestershire }
  - { id: cornwall-hospital, kind: hospital, area: cornwall }
patients:
  - { id: alice, nhsNumber: "9434765919", homeArea: leicestershire, practice: leic-practice }
`;

const parsed = async (text: string): Promise<ParsedScenario> => {
  const result = await parseScenario(text, 'story.yaml')();
  if (E.isLeft(result)) throw new Error(result.left.map(formatScenarioFileError).join('\n'));
  return result.right;
};
const problems = async (text: string): Promise<readonly ScenarioFileError[]> => {
  const result = await parseScenario(text, 'story.yaml')();
  if (E.isRight(result)) throw new Error('expected the file to be rejected');
  return result.left;
};

describe('scenario loader', () => {
  it('decodes every step with its line, verb and expectations', async () => {
    const scenario = await parsed(`${header}policy: { codeTtl: 5m, maxAttempts: 3 }
steps:
  - startCare: { patient: alice, organisation: cornwall-hospital }
  - requestAccess: { patient: alice, organisation: cornwall-hospital }
    expect: { outcome: verify, channel: sms }
  - wait: 1h30m
  - setPreference: { patient: alice, preference: deny, by: patient, until: 5d }
`);
    expect(scenario.start.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(scenario.policy.codeTtl?.ms).toBe(5 * 60_000);
    expect(scenario.steps.map((s) => [s.index, s.line, s.step.verb])).toEqual([
      [0, 10, 'startCare'],
      [1, 11, 'requestAccess'],
      [2, 13, 'wait'],
      [3, 14, 'setPreference'],
    ]);
    expect(scenario.steps[1]?.step.expect).toEqual({ outcome: 'verify', channel: 'sms' });
    expect(scenario.steps[2]?.step.args).toEqual({ text: '1h30m', ms: 5_400_000 });
    expect(scenario.steps[3]?.step.args).toMatchObject({
      until: { kind: 'after', after: { ms: 432_000_000 } },
    });
  });

  it('names the file, line and field of a bad value', async () => {
    const [problem, ...rest] = await problems(`${header}steps:
  - requestAccess: { patient: alice, organisation: cornwall-hospital }
    expect: { outcome: permitted }
`);
    expect(rest).toEqual([]);
    expect(formatScenarioFileError(problem!)).toBe(
      'story.yaml:10: steps[0].expect.outcome: expected "permit" | "deny" | "verify" | "ask-patient", got "permitted"',
    );
  });

  it('rejects an unknown verb, an unknown expect key, a missing field and a bad duration', async () => {
    const found = await problems(`${header}steps:
  - askNicely: { patient: alice }
  - check: { patient: alice, organisation: cornwall-hospital }
    expect: { outcom: permit }
  - enterCode: { patient: alice, organisation: cornwall-hospital }
  - wait: 10 minutes
`);
    expect(found.map((p) => [p.line, p.field])).toEqual([
      [9, 'steps[0].askNicely'],
      [11, 'steps[1].expect.outcom'],
      [12, 'steps[2].enterCode.code'],
      [13, 'steps[3].wait'],
    ]);
    expect(found[1]?.message).toMatch(/^unknown field "outcom": expect takes outcome, basis/);
    expect(found[2]?.message).toBe('missing; expected string');
  });

  it('reports YAML syntax errors and dangling practice ids with their line', async () => {
    const [syntax] = await problems('scenario: x\nsteps: [ { check: \n');
    expect(syntax?.kind).toBe('yaml');
    expect(formatScenarioFileError(syntax!)).toBe(
      'story.yaml:2: Flow map in block collection must be sufficiently indented and end with a }',
    );
    const [dangling] = await problems(
      header.replace('practice: leic-practice', 'practice: nowhere') + 'steps: []\n',
    );
    expect(formatScenarioFileError(dangling!)).toBe(
      'story.yaml:7: patients[0].practice: "nowhere" is not one of the organisations (leic-practice, cornwall-hospital)',
    );
  });

  it('keeps NHS numbers and codes as quoted text', async () => {
    const [problem] = await problems(header.replace('"9434765919"', '9434765919') + 'steps: []\n');
    expect(problem?.message).toBe(
      'expected a quoted string of digits, such as "9434765919", got 9434765919',
    );
  });

  it('reads who performs a step from `as`, and rejects an `as` that does not fit the step', async () => {
    const scenario = await parsed(`${header}steps:
  - recordInPerson: { patient: alice, organisation: cornwall-hospital, answer: consent }
    as: staff of cornwall-hospital named dr-kemp
    expect: { error: NotPermitted }
  - setPreference: { patient: alice, preference: deny, by: practice }
    as: practice
  - closeOrganisation: { organisation: cornwall-hospital }
`);
    expect(scenario.steps.map((s) => s.step.as)).toEqual([
      { role: 'staff', organisation: 'cornwall-hospital', person: 'dr-kemp' },
      { role: 'practice' },
      undefined,
    ]);
    const found = await problems(`${header}steps:
  - wait: 1h
    as: system
  - allowOrganisation: { practice: leic-practice, organisation: cornwall-hospital }
    as: patient
  - viewRecord: { patient: alice, organisation: cornwall-hospital }
    as: the night porter
  - viewRecord: { patient: alice, organisation: cornwall-hospital }
    as: patient named bob
`);
    expect(found.map((p) => [p.line, p.field])).toEqual([
      [10, 'steps[0].as'],
      [12, 'steps[1].as'],
      [14, 'steps[2].as'],
      [16, 'steps[3].as'],
    ]);
    expect(found[0]?.message).toBe('wait is not performed by anyone: it takes no "as"');
    expect(found[1]?.message).toBe('as: patient needs the step to name its patient');
    expect(found[2]?.message).toMatch(
      /^expected who acts: patient, practice, auditor, system, or staff/,
    );
  });
});
