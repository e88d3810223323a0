import * as E from 'fp-ts/lib/Either.js';
import { formatScenarioFileError, parseScenario } from '../index.js';
import { failureLines, type ScenarioResult } from './results.js';
import { runScenario } from './run.js';

const world = `scenario: Runner test
start: 2026-07-01T09:00:00Z
organisations:
  - { id: leic-practice, kind: gp-practice, area: leicestershire }
  - { id: cornwall-hospital, kind: hospital, area: cornwall }
patients:
  - { id: alice, nhsNumber: "9434765919", homeArea: leicestershire, practice: leic-practice, mobile: "+447700900123" }
`;

const run = async (text: string): Promise<ScenarioResult> => {
  const parsed = await parseScenario(text, 'story.yaml')();
  if (E.isLeft(parsed)) throw new Error(parsed.left.map(formatScenarioFileError).join('\n'));
  return runScenario(parsed.right);
};

describe('runScenario', () => {
  it('reports each step with its index, line and verb, and each failed expectation with expected and actual', async () => {
    const result = await run(`${world}steps:
  - startCare: { patient: alice, organisation: cornwall-hospital }
  - requestAccess: { patient: alice, organisation: cornwall-hospital }
    expect: { outcome: permit, channel: sms, notifications: 1 }
  - enterCode: { patient: alice, organisation: cornwall-hospital, code: sent }
    expect: { outcome: permit, basis: verified-code, notifications: 2 }
`);
    expect(result.passed).toBe(false);
    expect(result.steps.map((s) => [s.index, s.line, s.verb, s.passed])).toEqual([
      [0, 9, 'startCare', true],
      [1, 10, 'requestAccess', false],
      [2, 12, 'enterCode', true],
    ]);
    expect(result.steps[1]?.failures).toEqual([
      { key: 'outcome', expected: 'permit', actual: 'verify' },
    ]);
    expect(failureLines(result)).toEqual([
      'story.yaml:10: step 2 requestAccess: outcome expected permit, got verify',
    ]);
  });

  it('fails a step whose command is rejected unless the rejection is expected', async () => {
    const result = await run(`${world}steps:
  - enterCode: { patient: alice, organisation: cornwall-hospital, code: "123456" }
  - enterCode: { patient: alice, organisation: cornwall-hospital, code: "123456" }
    expect: { error: ChallengeNotFound }
  - startCare: { patient: alice, organisation: cornwall-hospital }
    expect: { error: InvalidInput }
`);
    expect(result.steps.map((s) => s.failures)).toEqual([
      [
        {
          key: 'error',
          expected: 'none',
          actual: expect.stringMatching(/^ChallengeNotFound \(.+\)$/) as string,
        },
      ],
      [],
      [{ key: 'error', expected: 'InvalidInput', actual: 'none' }],
    ]);
  });

  it('does not attempt `code: sent` before any code was sent', async () => {
    const result = await run(`${world}steps:
  - enterCode: { patient: alice, organisation: cornwall-hospital, code: sent }
    expect: { error: ChallengeNotFound }
`);
    expect(result.steps[0]).toMatchObject({
      summary: 'not attempted',
      failures: [{ key: 'code', expected: 'a code sent to alice', actual: 'no code sent yet' }],
    });
  });

  it('counts for the only patient on a step that names none, and moves the clock on wait', async () => {
    const result = await run(`${world}steps:
  - startCare: { patient: alice, organisation: cornwall-hospital }
  - requestAccess: { patient: alice, organisation: cornwall-hospital, purpose: ETREAT, justification: Unconscious }
  - wait: 2h
    expect: { notifications: 1, accessLog: 1, alerts: 1 }
`);
    expect(result.passed).toBe(true);
    expect(result.steps[2]?.summary).toBe('clock at 2026-07-01T11:00:00.000Z');
  });

  it('reports a patient Consentry refuses to register, with its line, and runs no step', async () => {
    const result = await run(`${world.replace('9434765919', '9434765918')}steps:
  - startCare: { patient: alice, organisation: cornwall-hospital }
`);
    expect(result.passed).toBe(false);
    expect(result.steps).toEqual([]);
    expect(result.setupFailures).toEqual([
      {
        line: 7,
        what: 'patient alice',
        message: expect.stringMatching(/^InvalidInput: /) as string,
      },
    ]);
  });

  it('acts as the `as` of a step, and reads the decision a refusal carries', async () => {
    const result = await run(`${world}steps:
  - startCare: { patient: alice, organisation: cornwall-hospital }
  - recordInPerson: { patient: alice, organisation: cornwall-hospital, answer: consent }
    expect: { error: NotPermitted, outcome: verify, refused: 1 }
  - recordInPerson: { patient: alice, organisation: cornwall-hospital, answer: consent }
    as: practice
    expect: { refused: 1 }
  - check: { patient: alice, organisation: cornwall-hospital }
    expect: { outcome: permit, basis: sharing-in-consent }
`);
    expect(failureLines(result)).toEqual([]);
    expect(result.steps[1]?.summary).toBe('rejected: NotPermitted (verify)');
  });

  it('reviews the one open alert a step names, and does not attempt a review naming none', async () => {
    const result = await run(`${world}steps:
  - reviewAlert: { patient: alice, outcome: appropriate }
  - startCare: { patient: alice, organisation: cornwall-hospital, selfClaimed: true }
    expect: { alerts: 1 }
  - reviewAlert: { patient: alice, kind: self-claimed-relationship, outcome: appropriate }
    as: privacy-officer of cornwall-hospital named cornwall-hospital-staff
    expect: { error: NotPermitted, alerts: 1 }
  - reviewAlert: { patient: alice, kind: self-claimed-relationship, outcome: appropriate }
    expect: { alerts: 0, scope: challenge-resends }
`);
    expect(result.steps[0]).toMatchObject({
      summary: 'not attempted',
      failures: [
        { key: 'alert', expected: 'one open alert about alice', actual: '0 open alerts match' },
      ],
    });
    expect(result.steps.slice(1).map((s) => s.failures)).toEqual([
      [],
      [],
      [{ key: 'scope', expected: 'challenge-resends', actual: 'no limit hit' }],
    ]);
  });

  it('registers a patient in a step; a second registration of the number is Conflict', async () => {
    const result = await run(`${world}steps:
  - registerPatient: { patient: bob, nhsNumber: "9434765218", homeArea: cornwall, practice: leic-practice }
  - registerPatient: { patient: bob-again, nhsNumber: "9434765218", homeArea: cornwall, practice: leic-practice }
    expect: { error: Conflict }
  - startCare: { patient: bob, organisation: cornwall-hospital }
  - setPreference: { patient: bob, preference: deny, by: practice }
  - check: { patient: bob, organisation: cornwall-hospital }
    expect: { outcome: deny, reason: patient-dissent }
`);
    expect(failureLines(result)).toEqual([]);
    expect(result.steps[1]?.summary).toBe('rejected: Conflict (bob)');
  });
});
