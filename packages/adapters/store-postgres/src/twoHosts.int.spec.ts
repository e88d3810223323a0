import { expectRight } from '@consentry/core/testing';
import path from 'node:path';
import { streams, type RecordedEvent } from '@consentry/core';
import { startLine } from './testSupport/barrier.js';
import { runChild } from './testSupport/childProcess.js';
import { consentryHost, practiceStaffOf, system } from './testSupport/consentryHost.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import type { HostReport } from './testSupport/hostChild.js';
import { postgresEventStore } from './postgresEventStore.js';

const PATIENT = 'alice';
const DISTANT = ['far-a', 'far-b', 'far-c', 'far-d'];
const LOCAL = 'leic-hospital';
const VIEWS_PER_HOST = 12;

// A Leicestershire patient with a mobile; four distant hospitals caring for her (codes needed)
// and a local one she allows (its views are permitted).
const seed = async (url: string, schema: string): Promise<void> => {
  const { consentry, close } = consentryHost(url, schema);
  const organisation = (organisationId: string, kind: 'gp-practice' | 'hospital', area: string) =>
    expectRight(
      consentry.registerOrganisation(
        { organisationId, odsCode: `X${organisationId.length}1`, name: organisationId, kind, area },
        system,
      ),
    );
  await organisation('leic-practice', 'gp-practice', 'leicestershire');
  await organisation(LOCAL, 'hospital', 'leicestershire');
  for (const id of DISTANT) await organisation(id, 'hospital', 'cumbria');
  await expectRight(
    consentry.registerPatient(
      {
        patientId: PATIENT,
        nhsNumber: '943 476 5919',
        name: 'Alice Smith',
        dateOfBirth: '1980-02-03',
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    ),
  );
  await expectRight(
    consentry.recordContactDetails(
      { patientId: PATIENT, mobile: '07700 900123' },
      practiceStaffOf('leic-practice'),
    ),
  );
  for (const id of [LOCAL, ...DISTANT])
    await expectRight(
      consentry.startCare(
        { patientId: PATIENT, organisationId: id },
        { actor: { kind: 'organisation-system', id: `feed@${id}`, organisationId: id } },
      ),
    );
  await expectRight(
    consentry.setSharingPreference(
      { patientId: PATIENT, organisationId: LOCAL, preference: 'allow', setBy: 'patient' },
      { actor: { kind: 'patient', id: PATIENT } },
    ),
  );
  await close();
};

describeWithDatabase('two host processes sharing one database', (url) => {
  const schema = randomSchema('hosts');
  afterAll(() => dropSchema(url, schema));

  it('hold the 5-attempt lock and the 24-hour limits in total, and record each view once', async () => {
    await seed(url, schema);
    const line = await startLine(url);
    let exited = 0;
    const hosts = [1, 2].map(() =>
      runChild(path.join(__dirname, 'testSupport', 'hostChild.ts'), {
        DATABASE_URL: url,
        SCHEMA: schema,
        BARRIER: String(line.key),
        PATIENT,
        DISTANT: DISTANT.join(','),
        LOCAL,
        VIEWS: String(VIEWS_PER_HOST),
      }).finally(() => exited++),
    );
    await line.open(2, () => exited > 0);
    const results = await Promise.all(hosts);
    const reports = results.map((result) => {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(result.stdout) as HostReport;
    });
    expect(reports.flatMap((r) => r.unexpected)).toEqual([]);

    const pool = testPool(url, { max: 2 });
    const store = postgresEventStore(pool, { schema });
    const { consentry, close } = consentryHost(url, schema);
    try {
      const log = await expectRight(store.readStream(streams.consent(PATIENT)));
      const ofType = (type: string): RecordedEvent[] => log.events.filter((e) => e.type === type);
      const challengeOf = (e: RecordedEvent): string =>
        (e.data as { challengeId: string }).challengeId;
      const organisationOf = (e: RecordedEvent): string =>
        (e.data as { organisationId: string }).organisationId;

      // 24-hour limits, in total: at most 3 per organisation, and 10 per patient (4 × 3 = 12 wanted).
      const issued = ofType('VerificationChallengeIssued');
      expect(issued).toHaveLength(10);
      for (const id of DISTANT)
        expect(issued.filter((e) => organisationOf(e) === id).length).toBeLessThanOrEqual(3);
      // Each host ended every organisation on RateLimited.
      for (const report of reports) expect([...report.rateLimited].sort()).toEqual(DISTANT);

      // The 5-attempt lock, in total: per challenge five wrong codes were recorded, then the lock;
      // the CodeRejected answers the two hosts got between them count down 4, 3, 2, 1 once per
      // challenge (the fifth wrong code answers ChallengeLocked).
      for (const challenge of issued.map(challengeOf)) {
        expect(
          ofType('VerificationCodeRejected').filter((e) => challengeOf(e) === challenge),
        ).toHaveLength(5);
        expect(
          ofType('VerificationChallengeLocked').filter((e) => challengeOf(e) === challenge),
        ).toHaveLength(1);
      }
      for (const id of DISTANT) {
        const challenges = issued.filter((e) => organisationOf(e) === id).length;
        const answered = reports.flatMap((r) => r.rejected[id] ?? []).sort();
        expect(answered).toEqual(
          Array.from({ length: challenges }, () => [1, 2, 3, 4])
            .flat()
            .sort(),
        );
      }

      // Each acknowledged view appears once in the access history, and nothing else does.
      const viewed = reports.reduce((sum, r) => sum + r.viewsAcknowledged, 0);
      expect(viewed).toBe(2 * VIEWS_PER_HOST);
      const history = await expectRight(consentry.accessHistory({ patientId: PATIENT }));
      expect(history.entries).toHaveLength(viewed);
      expect(ofType('RecordViewed')).toHaveLength(viewed);
      expect(new Set(log.events.map((e) => e.metadata.eventId)).size).toBe(log.events.length);
    } finally {
      await Promise.all([close(), store.close()]);
      await pool.end();
    }
  }, 120_000);
});
