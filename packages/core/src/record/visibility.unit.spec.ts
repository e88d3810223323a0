import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import { defaultSensitiveLabels } from './labels.js';
import { decideEntries, type RecordEntryMeta, type SharedOutChoices } from './visibility.js';

const policy = { sensitiveLabels: defaultSensitiveLabels, emergencyShowsSensitive: false };
const permit = (basis: 'registered-practice' | 'emergency' | 'verified-code'): AccessDecision => ({
  outcome: 'permit',
  basis,
  trail: [],
});
const entry = (entryId: string, organisationId: string, label?: string): RecordEntryMeta => ({
  entryId,
  organisationId,
  recordedAt: '2026-03-01T10:00:00.000Z',
  ...(label === undefined ? {} : { label }),
});
const entries = [
  entry('gp-note', 'leic-practice'),
  entry('clinic-note', 'sexual-health-clinic', 'sexual-health'),
  entry('ward-note', 'leic-hospital'),
  entry('own-note', 'cornwall-hospital'),
  entry('refused-out', 'mental-health-trust'),
];
const choices: SharedOutChoices = {
  sharingOut: {
    'leic-practice': 'consent',
    'sexual-health-clinic': 'consent',
    'mental-health-trust': 'dissent',
  },
  labelConsents: {},
};
const reasons = (d: ReturnType<typeof decideEntries>) =>
  Object.fromEntries(d.withheld.map((w) => [w.entry.entryId, w.reason]));

describe('decideEntries: what a permitted viewer sees', () => {
  it('given a code-verified viewer, then it sees its own entries and what is shared out, nothing sensitive', () => {
    const d = decideEntries(
      entries,
      choices,
      { organisationId: 'cornwall-hospital', decision: permit('verified-code') },
      policy,
    );
    expect(d.visible.map((e) => e.entryId)).toEqual(['gp-note', 'own-note']);
    expect(reasons(d)).toEqual({
      'clinic-note': 'sensitive',
      'ward-note': 'sharing-out-not-agreed',
      'refused-out': 'not-shared-out',
    });
  });

  it('given the patient consented to the label for this viewer, then the sensitive entry shows', () => {
    const d = decideEntries(
      entries,
      { ...choices, labelConsents: { 'cornwall-hospital': ['sexual-health'] } },
      { organisationId: 'cornwall-hospital', decision: permit('verified-code') },
      policy,
    );
    expect(d.visible.map((e) => e.entryId)).toContain('clinic-note');
  });

  it('given a consent for the label to another organisation, then this viewer still does not see it', () => {
    const d = decideEntries(
      entries,
      { ...choices, labelConsents: { 'leic-hospital': ['sexual-health'] } },
      { organisationId: 'cornwall-hospital', decision: permit('verified-code') },
      policy,
    );
    expect(reasons(d)['clinic-note']).toBe('sensitive');
  });

  it('given the registered practice, then it sees every entry', () => {
    const d = decideEntries(
      entries,
      choices,
      { organisationId: 'leic-practice', decision: permit('registered-practice') },
      policy,
    );
    expect(d.visible).toHaveLength(entries.length);
  });

  it('given an emergency, then it sees what is shared out and no sensitive entry unless policy says so', () => {
    const viewer = { organisationId: 'cornwall-hospital', decision: permit('emergency') };
    const withConsent = { ...choices, labelConsents: { 'cornwall-hospital': ['sexual-health'] } };
    expect(reasons(decideEntries(entries, withConsent, viewer, policy))['clinic-note']).toBe(
      'sensitive',
    );
    const open = decideEntries(entries, choices, viewer, {
      ...policy,
      emergencyShowsSensitive: true,
    });
    expect(open.visible.map((e) => e.entryId)).toEqual(['gp-note', 'clinic-note', 'own-note']);
  });

  it('given no permit, then only its own entries show, the rest withheld as no-access', () => {
    const d = decideEntries(
      entries,
      choices,
      { organisationId: 'cornwall-hospital', decision: { outcome: 'ask-patient', trail: [] } },
      policy,
    );
    expect(d.visible.map((e) => e.entryId)).toEqual(['own-note']);
    expect(new Set(d.withheld.map((w) => w.reason))).toEqual(new Set(['no-access']));
  });

  it('gives each entry a rule trail with exactly one decided step, last', () => {
    const d = decideEntries(
      entries,
      choices,
      { organisationId: 'cornwall-hospital', decision: permit('verified-code') },
      policy,
    );
    for (const v of d.verdicts) {
      expect(v.trail.filter((s) => s.result === 'decided')).toHaveLength(1);
      expect(v.trail[v.trail.length - 1]?.result).toBe('decided');
    }
    expect(d.verdicts[1]?.trail.map((s) => s.rule)).toEqual([
      'E1-own-entry',
      'E2-access',
      'E3-registered-practice',
      'E4-sensitive',
    ]);
  });

  it('treats a label policy does not list as ordinary', () => {
    const d = decideEntries(
      [entry('x', 'leic-practice', 'sexual-health')],
      choices,
      { organisationId: 'cornwall-hospital', decision: permit('verified-code') },
      { ...policy, sensitiveLabels: ['safeguarding'] },
    );
    expect(d.visible).toHaveLength(1);
  });
});
