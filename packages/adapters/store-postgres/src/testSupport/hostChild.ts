// One host process of the two-host test (twoHosts.int.spec.ts): waits at a barrier, then
// races the other host for one patient — access requests and wrong codes at four distant
// organisations until rate-limited, and record views at a permitted one — and prints what
// each command answered, as JSON.
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { deriveCode, keyringFromSecrets } from '@consentry/core';
import { SECRET, consentryHost, staffOf } from './consentryHost.js';

const env = (name: string): string => process.env[name] ?? '';
const patientId = env('PATIENT');

/** What the host saw (mutable: filled in as the commands answer). */
export interface HostReport {
  /**
   * attemptsLeft of every CodeRejected this host got, by organisation (a code is entered for
   * the organisation's latest challenge, which the other host may have replaced meanwhile).
   */
  rejected: Record<string, number[]>;
  locked: number;
  rateLimited: string[];
  viewsAcknowledged: number;
  busy: number;
  unexpected: string[];
}

const key = E.getOrElseW((e: string) => {
  throw new Error(e);
})(keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: SECRET } })).current();
// A code that is certainly wrong: the right one plus one.
const wrongCode = (challengeId: string): string =>
  String((Number(deriveCode(key, challengeId, 6)) + 1) % 1_000_000).padStart(6, '0');

const main = async (): Promise<void> => {
  const gate = new pg.Client({ connectionString: env('DATABASE_URL') });
  await gate.connect();
  await gate.query('SELECT pg_advisory_lock_shared($1)', [Number(env('BARRIER'))]);
  await gate.end();

  const { consentry, close } = consentryHost(env('DATABASE_URL'), env('SCHEMA'));
  const report: HostReport = {
    rejected: {},
    locked: 0,
    rateLimited: [],
    viewsAcknowledged: 0,
    busy: 0,
    unexpected: [],
  };

  const guessCodes = async (organisationId: string, challengeId: string): Promise<void> => {
    for (;;) {
      const input = { patientId, organisationId, code: wrongCode(challengeId) };
      const entered = await consentry.enterCode(input, staffOf(organisationId))();
      if (E.isRight(entered))
        return void report.unexpected.push(`wrong code accepted: ${entered.right.outcome}`);
      const error = entered.left;
      if (error._tag === 'CodeRejected')
        (report.rejected[organisationId] ??= []).push(error.attemptsLeft);
      else if (error._tag === 'Busy') report.busy++;
      else if (error._tag === 'ChallengeLocked') return void report.locked++;
      else if (error._tag === 'ChallengeNotFound') return;
      else return void report.unexpected.push(`enterCode: ${error._tag}`);
    }
  };

  const raceOrganisation = async (organisationId: string): Promise<void> => {
    for (;;) {
      const asked = await consentry.requestAccess(
        { patientId, organisationId },
        staffOf(organisationId),
      )();
      if (E.isLeft(asked)) {
        if (asked.left._tag === 'Busy') report.busy++;
        else if (asked.left._tag === 'RateLimited')
          return void report.rateLimited.push(organisationId);
        else return void report.unexpected.push(`requestAccess: ${asked.left._tag}`);
      } else if (asked.right.outcome === 'verify' && asked.right.challenge !== undefined) {
        await guessCodes(organisationId, asked.right.challenge.challengeId);
      } else return void report.unexpected.push(`requestAccess: ${asked.right.outcome}`);
    }
  };

  // Busy (the facade lost the version race too often) is an answer to retry, as a host would.
  const view = async (organisationId: string): Promise<void> => {
    for (;;) {
      const viewed = await consentry.viewRecord(
        { patientId, organisationId },
        staffOf(organisationId),
      )();
      if (E.isRight(viewed)) return void report.viewsAcknowledged++;
      if (viewed.left._tag !== 'Busy')
        return void report.unexpected.push(`viewRecord: ${viewed.left._tag}`);
      report.busy++;
    }
  };

  await Promise.all([
    ...env('DISTANT').split(',').map(raceOrganisation),
    ...Array.from({ length: Number(env('VIEWS')) }, () => view(env('LOCAL'))),
  ]);
  await close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
};

void main();
