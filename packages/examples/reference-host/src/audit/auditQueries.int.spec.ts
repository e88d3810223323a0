import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { openSqliteEventStore } from '@consentry/store-sqlite';
import { ALICE_NHS, tellStory } from './__fixtures__/story.js';
import { loadAsOf, printAsOf } from './asOf.js';
import { loadReport, printReport, type ReportFormat } from './report.js';
import { openStoreTarget, type AuditStore } from './store.js';
import { exportFhir } from './exportFhir.js';
import { printReplaySummary, replayStore } from './replay.js';

// The story (fixed times from a manual clock) in a SQLite file, read back as `--store FILE`.
let dir: string;
let target: AuditStore;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-audit-'));
  const file = path.join(dir, 'story.sqlite');
  const store = openSqliteEventStore(file, { synchronous: 'NORMAL' });
  if (E.isLeft(store)) throw new Error(store.left.message);
  await tellStory(store.right);
  await store.right.close();
  const opened = openStoreTarget(file);
  if (E.isLeft(opened)) throw new Error(opened.left);
  target = opened.right;
}, 60_000);
afterAll(async () => {
  await target.store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const text = (print: (write: (s: string) => void) => void): string => {
  let out = '';
  print((s) => void (out += s));
  if (process.env['PRINT_AUDIT'] === '1') process.stdout.write(`${out}\n`);
  return out;
};

const asOf = async (at: string) => {
  const loaded = await loadAsOf(target, ALICE_NHS, new Date(at));
  if (E.isLeft(loaded)) throw new Error(loaded.left);
  return loaded.right;
};

const outcomes = async (at: string) =>
  Object.fromEntries(
    (await asOf(at)).answer.decisions.map(({ organisation, decision }) => [
      organisation.organisationId,
      decision.outcome === 'permit'
        ? `permit ${decision.basis}`
        : decision.outcome === 'deny'
          ? `deny ${decision.reason}`
          : decision.outcome,
    ]),
  );

describe('audit as-of', () => {
  it('given the morning before Cornwall, then the practice and the local hospital (asked in person) could see it', async () => {
    expect(await outcomes('2026-07-01T09:30:00Z')).toEqual({
      'leic-practice': 'permit registered-practice',
      'leic-hospital': 'permit sharing-in-consent',
      'cornwall-hospital': 'deny no-care-relationship',
    });
  });

  it('given the same afternoon, then Cornwall could see it on the consent its verified code recorded', async () => {
    expect((await outcomes('2026-07-01T12:00:00Z'))['cornwall-hospital']).toBe(
      'permit sharing-in-consent',
    );
  });

  it('given the next day, then her deny preference for Cornwall is in force and Cornwall is refused', async () => {
    const answer = await asOf('2026-07-02T12:00:00Z');
    expect((await outcomes('2026-07-02T12:00:00Z'))['cornwall-hospital']).toBe(
      'deny patient-dissent',
    );
    expect(answer.answer.choices.preferences).toEqual({
      'cornwall-hospital': { preference: 'deny', setBy: 'patient' },
    });
    const printed = text((w) => printAsOf(answer, w));
    expect(printed).toContain(
      'Record of Alice Smith, NHS number 943 476 5919, as of 2026-07-02T12:00:00.000Z',
    );
    expect(printed).toMatch(
      /no {3}Royal Cornwall Hospital \(cornwall-hospital, hospital, cornwall\)\n {9}deny — patient-dissent \(R6-preference-table: preference deny/,
    );
    expect(printed).toContain(
      '    - Royal Cornwall Hospital (cornwall-hospital): deny (set by patient)',
    );
    expect(printed).toContain(
      '    - Leicester Royal Infirmary (leic-hospital): consent (in-person)',
    );
  });

  it('given a time before she was registered, then it says so', async () => {
    expect(await loadAsOf(target, ALICE_NHS, new Date('2026-06-30T00:00:00Z'))).toEqual(
      E.left('no patient with NHS number 9434765919 was registered at 2026-06-30T00:00:00.000Z'),
    );
  });
});

describe('audit report', () => {
  const report = async (format: ReportFormat, window = {}) => {
    const loaded = await loadReport(target, ALICE_NHS, window);
    if (E.isLeft(loaded)) throw new Error(loaded.left);
    return { loaded: loaded.right, printed: text((w) => printReport(loaded.right, format, w)) };
  };

  it('lists every decision with its rule trail, the record opening and the messages sent', async () => {
    const { loaded, printed } = await report('text');
    const decisions = loaded.entries
      .filter((e) => e.trail !== undefined)
      .map((e) => `${e.organisationId} ${e.event}`);
    expect(decisions).toEqual([
      'leic-hospital AccessReferredToPatient',
      'cornwall-hospital AccessReferredToPatient',
      'cornwall-hospital AccessGranted',
      'cornwall-hospital AccessDenied',
    ]);
    expect(printed).toMatch(
      /2026-07-01T10:02:00.000Z {2}decision {5}Royal Cornwall Hospital \(cornwall-hospital\)\n {4}PERMIT — verified-code\n {4}by organisation-staff dr-penrose at cornwall-hospital, because: A&E attendance/,
    );
    expect(printed).toContain(
      '2026-07-01T10:02:00.000Z  view         Royal Cornwall Hospital (cornwall-hospital)\n    opened the record (sharing-in-consent)',
    );
    expect(printed).toMatch(/→ R6-preference-table {6}preference deny, organisation elsewhere/);
    expect(loaded.entries.filter((e) => e.kind === 'message').map((e) => e.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^message sent: verification-code by sms/)]),
    );
    expect(printed).toMatch(
      /decisions {7}4 \(permit 1, deny 1, referred to the patient 2\)\n {2}record opened {3}1/,
    );
  });

  it('given --from the next day, then only that day is reported', async () => {
    const { loaded } = await report('text', { from: new Date('2026-07-02T00:00:00Z') });
    expect(loaded.entries.map((e) => e.event)).toEqual([
      'SharingPreferenceSet',
      'AccessRequested',
      'AccessDenied',
    ]);
  });

  it('writes CSV with one row per entry and JSON an auditor tool can read', async () => {
    const csv = (await report('csv')).printed.trim().split('\n');
    const json = JSON.parse((await report('json')).printed) as {
      entries: unknown[];
      patient: { nhsNumber: string };
    };
    expect(csv[0]).toBe(
      'at,kind,event,organisation_id,organisation,actor_kind,actor_id,actor_organisation_id,summary,reason,trail',
    );
    expect(csv).toHaveLength(json.entries.length + 1);
    expect(csv.find((line) => line.includes('AccessGranted'))).toMatch(
      /R2-registered-practice passed: not the registered practice \|/,
    );
    expect(json.patient.nhsNumber).toBe(ALICE_NHS);
  });
});

describe('audit replay and export-fhir', () => {
  it('replays every event and counts patients and organisations', async () => {
    const summary = await replayStore(target, { isTTY: false, write: () => true });
    if (E.isLeft(summary)) throw new Error(summary.left);
    expect(summary.right).toMatchObject({ patients: 1, organisations: 3, undecodable: 0 });
    expect(text((w) => printReplaySummary(target, summary.right, w))).toMatch(
      / {2}patients {8}1\n {2}organisations {3}3\n/,
    );
  });

  it('writes a Bundle of her Consents and AuditEvents', async () => {
    const bundle = await exportFhir(target, ALICE_NHS, new Date('2026-07-03T00:00:00Z'));
    if (E.isLeft(bundle)) throw new Error(bundle.left);
    const types = bundle.right.entry.map((e) => e.resource.resourceType);
    expect(bundle.right).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(types).toContain('Consent');
    expect(types).toContain('AuditEvent');
  });
});
