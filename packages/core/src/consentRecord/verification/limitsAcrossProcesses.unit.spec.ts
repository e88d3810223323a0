import { expectRight } from '../../testing/expectEither.js';
import * as E from 'fp-ts/lib/Either.js';
import { createConsentry } from '../../application/createConsentry.js';
import { feedOf, staffOf, testKeyring, world } from '../../application/__fixtures__/world.js';
import { capturingNotifier } from '../../testing/capturingNotifier.js';
import { streams } from '../../shared/streams.js';

/** Two facades over one store stand for two processes: nothing is shared but the event log. */
const twoProcesses = async () => {
  const first = await world();
  const second = createConsentry({
    eventStore: first.eventStore,
    notifier: capturingNotifier(),
    clock: first.clock,
    keyring: testKeyring(),
  });
  return { ...first, second };
};

const issuedCount = async (store: Awaited<ReturnType<typeof world>>['eventStore']) =>
  (await expectRight(store.readStream(streams.consent('alice')))).events.filter(
    (e) => e.type === 'VerificationChallengeIssued',
  ).length;

describe('challenge limits hold across processes (counted from the event log)', () => {
  it('3 per (patient, organisation) in 24 h, with two processes asking at once', async () => {
    const { consentry, second, eventStore, clock } = await twoProcesses();
    const pair = { patientId: 'alice', organisationId: 'cornwall-hospital' };
    const far = staffOf('cornwall-hospital');
    await expectRight(consentry.startCare(pair, feedOf(pair.organisationId)));
    const tags: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const results = await Promise.all([
        consentry.requestAccess(pair, far)(),
        second.requestAccess(pair, far)(),
      ]);
      tags.push(...results.map((r) => (E.isLeft(r) ? r.left._tag : r.right.outcome)));
      clock.advanceMinutes(11);
    }
    expect(await issuedCount(eventStore)).toBe(3);
    expect(tags.slice(0, 6)).toEqual(Array(6).fill('verify'));
    expect(tags.slice(6)).toEqual(Array(4).fill('RateLimited'));
  });

  it('10 per patient in 24 h across organisations, with two processes asking at once', async () => {
    const { consentry, second, eventStore, org, clock } = await twoProcesses();
    const ids = ['a', 'b', 'c', 'd'].map((s) => `far-${s}`);
    for (const id of ids) await org(id, 'hospital', 'cumbria');
    for (const id of ids)
      await expectRight(
        consentry.startCare({ patientId: 'alice', organisationId: id }, feedOf(id)),
      );
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all(
        ids.map((id, i) =>
          (i % 2 === 0 ? consentry : second).requestAccess(
            { patientId: 'alice', organisationId: id },
            staffOf(id),
          )(),
        ),
      );
      outcomes.push(
        ...results.map((r) =>
          E.isLeft(r) ? `${r.left._tag}:${(r.left as { scope?: string }).scope}` : r.right.outcome,
        ),
      );
      clock.advanceMinutes(11);
    }
    expect(await issuedCount(eventStore)).toBe(10);
    expect(outcomes.filter((o) => o === 'verify')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'RateLimited:patient')).toHaveLength(2);
  });
});
