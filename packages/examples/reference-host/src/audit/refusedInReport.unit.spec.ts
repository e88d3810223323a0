import * as E from 'fp-ts/lib/Either.js';
import {
  createConsentry,
  inMemoryEventStore,
  keyringFromSecrets,
  type EventStore,
} from '@consentry/core';
import { capturingNotifier, manualClock } from '@consentry/core/testing';
import { ALICE_NHS, tellStory } from './__fixtures__/story.js';
import { loadReport, printReport, type ReportFormat } from './report.js';

/**
 * After the story, Cornwall (out of area) tries to record Alice's in-person yes for itself
 * and to allow itself over her deny: core refuses both and traces them apart from her consent
 * stream. `consentry audit report` lists them, in every format, within its window.
 */
let store: EventStore;
beforeAll(async () => {
  store = inMemoryEventStore();
  await tellStory(store, false);
  const keyring = keyringFromSecrets({
    currentKeyId: 'k1',
    keys: { k1: 'a key long enough to be a real key' },
  });
  if (E.isLeft(keyring)) throw new Error(keyring.left);
  const consentry = createConsentry({
    eventStore: store,
    notifier: capturingNotifier(),
    clock: manualClock('2026-07-02T11:00:00Z'),
    keyring: keyring.right,
  });
  const doctor = {
    actor: {
      kind: 'organisation-staff' as const,
      id: 'dr-penrose',
      organisationId: 'cornwall-hospital',
    },
  };
  const away = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  const inPerson = await consentry.recordInPersonAnswer({ ...away, answer: 'consent' }, doctor)();
  const allow = await consentry.setSharingPreference(
    { ...away, preference: 'allow', setBy: 'organisation' },
    doctor,
  )();
  for (const refused of [inPerson, allow])
    expect(E.isLeft(refused) && refused.left._tag).toBe('NotPermitted');
});

const report = async (format: ReportFormat, window = {}) => {
  const loaded = await loadReport({ store, label: 'memory' }, ALICE_NHS, window);
  if (E.isLeft(loaded)) throw new Error(loaded.left);
  let printed = '';
  printReport(loaded.right, format, (s) => void (printed += s));
  return { loaded: loaded.right, printed };
};

describe('audit report: refused attempts', () => {
  it('lists who tried what, when and why, apart from the entries', async () => {
    const { loaded, printed } = await report('text');
    expect(loaded.refused.map((a) => [a.command, a.organisationId, a.outcome])).toEqual([
      ['recordInPersonAnswer', 'cornwall-hospital', 'deny'],
      // Lifting the patient's no is refused with the decision it would have lifted.
      ['setSharingPreference', 'cornwall-hospital', 'deny'],
    ]);
    expect(printed).toContain('Refused attempts (nothing was recorded but this trace):');
    expect(printed).toMatch(
      /2026-07-02T11:00:00.000Z {2}recordInPersonAnswer {3}Royal Cornwall Hospital \(cornwall-hospital\)\n {4}REFUSED — .+\(decision: deny\)\n {4}by organisation-staff dr-penrose at cornwall-hospital/,
    );
    expect(printed).toMatch(/refused {9}2\n/);
    // The entries (her consent stream) hold no trace of either attempt.
    expect(loaded.entries.filter((e) => e.at >= '2026-07-02T11:00:00.000Z')).toEqual([]);
  });

  it('writes them as CSV rows of kind refused and as refusedAttempts in JSON, within the window', async () => {
    const csv = (await report('csv')).printed.trim().split('\n');
    expect(csv.filter((line) => line.includes(',refused,'))).toHaveLength(2);
    const json = JSON.parse((await report('json')).printed) as { refusedAttempts: unknown[] };
    expect(json.refusedAttempts).toHaveLength(2);
    const before = await report('text', { to: new Date('2026-07-02T10:59:00Z') });
    expect(before.loaded.refused).toEqual([]);
    expect(before.printed).not.toContain('Refused attempts');
  });
});
