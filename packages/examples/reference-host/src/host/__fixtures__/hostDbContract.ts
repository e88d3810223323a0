import type { HostDb, StaffAccount, StoredSession } from '../hostDb.js';
import type { SessionData } from '../principal.js';
import type { RecordEntry } from '../records.js';

/**
 * Two handles on one store of host tables, as two hosts would hold them (two connections to
 * one database, or two opens of one SQLite file); `close` ends both and removes the store.
 */
export interface HostDbPair {
  readonly a: HostDb;
  readonly b: HostDb;
  close(): Promise<void>;
}

const T0 = Date.parse('2026-07-01T09:00:00Z');
const MINUTE = 60_000;

const staffSession = (accountId: string): SessionData => ({
  principal: { kind: 'organisation-staff', accountId, organisationId: 'cornwall-hospital' },
  pending: null,
  formTokens: ['t1', 't2'],
  flash: 'Hello',
});
const stored = (data: SessionData, at = T0): StoredSession => ({
  data,
  createdAt: at,
  lastSeenAt: at,
});
const account = (username: string, over: Partial<StaffAccount> = {}): StaffAccount => ({
  username,
  passwordHash: `hash-of-${username}`,
  role: 'organisation-staff',
  organisationId: 'cornwall-hospital',
  displayName: `Staff ${username}`,
  ...over,
});
const entry = (entryId: string, recordedAt: string, over: Partial<RecordEntry> = {}) => ({
  entryId,
  patientId: 'alice',
  organisationId: 'leic-practice',
  recordedAt,
  text: `entry ${entryId}`,
  label: 'normal',
  ...over,
});

/**
 * What every HostDb does, whatever holds its tables: run against the SQLite and the
 * PostgreSQL implementations alike (hostDb.int.spec.ts), so they cannot drift apart. What one
 * handle writes, the other reads: the second handle stands for a second host.
 */
export const hostDbContract = (open: () => Promise<HostDbPair>): void => {
  let pair: HostDbPair;
  let a: HostDb;
  let b: HostDb;
  beforeEach(async () => {
    pair = await open();
    ({ a, b } = pair);
  });
  afterEach(async () => {
    await pair.close();
  });

  describe('sessions', () => {
    it('a session saved by one host is loaded, refreshed and ended by the other', async () => {
      expect(await b.loadSession('sid-1')).toBeUndefined();
      await a.saveSession('sid-1', stored(staffSession('jo')));
      expect(await b.loadSession('sid-1')).toEqual(stored(staffSession('jo')));
      await b.saveSession('sid-1', { ...stored(staffSession('jo')), lastSeenAt: T0 + MINUTE });
      expect((await a.loadSession('sid-1'))?.lastSeenAt).toBe(T0 + MINUTE);
      await b.deleteSession('sid-1');
      expect(await a.loadSession('sid-1')).toBeUndefined();
    });

    it('pruning drops the sessions last seen before the cut-off only', async () => {
      await a.saveSession('old', stored(staffSession('jo'), T0));
      await a.saveSession('new', stored(staffSession('jo'), T0 + 10 * MINUTE));
      await b.pruneSessions(T0 + MINUTE);
      expect(await a.loadSession('old')).toBeUndefined();
      expect(await a.loadSession('new')).toBeDefined();
    });
  });

  describe('staff accounts', () => {
    it('adds once, finds, lists by name; a taken name is `exists` and nothing changes', async () => {
      expect(await a.addAccount(account('zoe'), T0)).toBe('added');
      expect(await b.addAccount(account('amy'), T0 + 1)).toBe('added');
      expect(await b.addAccount(account('zoe', { displayName: 'Impostor' }), T0 + 2)).toBe(
        'exists',
      );
      expect(await a.findAccount('zoe')).toEqual(account('zoe'));
      expect(await a.findAccount('nobody')).toBeUndefined();
      expect(await b.listAccounts()).toEqual([
        { ...withoutHash(account('amy')), createdAt: T0 + 1, disabledAt: null },
        { ...withoutHash(account('zoe')), createdAt: T0, disabledAt: null },
      ]);
    });

    it('disabling ends the account’s sessions on every host, and it can no longer be found', async () => {
      await a.addAccount(account('jo'), T0);
      await a.saveSession('jo-1', stored(staffSession('jo')));
      await b.saveSession('jo-2', stored(staffSession('jo')));
      await a.saveSession('other', stored(staffSession('sam')));
      expect(await b.disableAccount('jo', T0 + MINUTE)).toBe('disabled');
      expect(await a.loadSession('jo-1')).toBeUndefined();
      expect(await a.loadSession('jo-2')).toBeUndefined();
      expect(await a.loadSession('other')).toBeDefined();
      expect(await a.findAccount('jo')).toBeUndefined();
      expect(await a.disableAccount('jo', T0 + 2 * MINUTE)).toBe('already-disabled');
      expect(await a.disableAccount('nobody', T0)).toBe('unknown');
      expect((await a.listAccounts())[0]?.disabledAt).toBe(T0 + MINUTE);
    });

    it('upserting changes the details but keeps a disabled account disabled', async () => {
      await a.upsertAccount(account('jo'));
      await b.upsertAccount(account('jo', { displayName: 'Jo Bloggs' }));
      expect((await a.findAccount('jo'))?.displayName).toBe('Jo Bloggs');
      await a.disableAccount('jo', T0);
      await b.upsertAccount(account('jo', { displayName: 'Jo B.' }));
      expect(await a.findAccount('jo')).toBeUndefined();
      expect(await a.listAccounts()).toEqual([
        {
          ...withoutHash(account('jo', { displayName: 'Jo B.' })),
          createdAt: null,
          disabledAt: T0,
        },
      ]);
    });
  });

  describe('API tokens', () => {
    it('a token made on one host is found on the other; revoked there, it is refused everywhere', async () => {
      const made = await a.addApiToken(
        'secret-token-one-abcdefghijk',
        { organisationId: 'cornwall-hospital', label: 'ward', scopes: ['api', 'metrics'] },
        T0,
      );
      expect(made.tokenId).toMatch(/^tok_[0-9a-f]{12}$/);
      expect(await b.findApiToken('secret-token-one-abcdefghijk')).toEqual(made);
      expect(await b.findApiToken('secret-token-one-abcdefghijX')).toBeUndefined();
      expect(await b.revokeApiToken(made.tokenId, T0 + MINUTE)).toBe('revoked');
      expect(await a.findApiToken('secret-token-one-abcdefghijk')).toBeUndefined();
      expect(await a.revokeApiToken(made.tokenId, T0 + 2 * MINUTE)).toBe('already-revoked');
      expect(await a.revokeApiToken('tok_000000000000', T0)).toBe('unknown');
      expect(await b.listApiTokens()).toEqual([{ ...made, createdAt: T0, revokedAt: T0 + MINUTE }]);
    });

    it('scopes default to api; tokens list oldest first, undated ones before', async () => {
      const later = await a.addApiToken(
        'token-later-abcdefghijklmnop',
        {
          organisationId: 'o',
          label: 'later',
          tokenId: 'tok_bbbbbbbbbbbb',
        },
        T0 + MINUTE,
      );
      const undated = await b.addApiToken('token-undated-abcdefghijklm', {
        organisationId: 'o',
        label: 'demo',
        tokenId: 'tok_aaaaaaaaaaaa',
      });
      expect(later.scopes).toEqual(['api']);
      expect((await a.listApiTokens()).map((t) => t.tokenId)).toEqual([
        undated.tokenId,
        later.tokenId,
      ]);
    });
  });

  describe('counters', () => {
    it('sign-in failures count per account and device, within the window, and clear', async () => {
      expect(await a.recordSignInFailure('acct', '', T0, 10 * MINUTE)).toBe(1);
      expect(await b.recordSignInFailure('acct', '', T0 + MINUTE, 10 * MINUTE)).toBe(2);
      expect(await b.recordSignInFailure('acct', 'dev', T0 + MINUTE, 10 * MINUTE)).toBe(1);
      expect(await a.signInFailures('acct', '', T0)).toEqual({ count: 2, last: T0 + MINUTE });
      expect(await a.signInFailures('acct', '', T0 + 1)).toEqual({ count: 1, last: T0 + MINUTE });
      expect(await a.signInFailures('other', '', T0)).toEqual({ count: 0, last: 0 });
      // Eleven minutes on, the first has gone out of the window.
      expect(await a.recordSignInFailure('acct', '', T0 + 11 * MINUTE, 10 * MINUTE)).toBe(2);
      await b.clearSignInFailures('acct', '');
      expect((await a.signInFailures('acct', '', 0)).count).toBe(0);
      expect((await a.signInFailures('acct', 'dev', 0)).count).toBe(1);
    });

    it('sign-in codes sent count per patient within the window', async () => {
      expect(await a.recordSignInCodeSent('alice', T0, 15 * MINUTE)).toBe(1);
      expect(await b.recordSignInCodeSent('alice', T0 + MINUTE, 15 * MINUTE)).toBe(2);
      expect(await b.recordSignInCodeSent('bob', T0 + MINUTE, 15 * MINUTE)).toBe(1);
      expect(await a.recordSignInCodeSent('alice', T0 + 15 * MINUTE + 1, 15 * MINUTE)).toBe(2);
      expect(await a.recordSignInCodeSent('alice', T0 + 40 * MINUTE, 15 * MINUTE)).toBe(1);
    });

    it('rate limits count in a fixed window per key, and start again when it ends', async () => {
      expect(await a.hitRateLimit('k', T0, MINUTE)).toEqual({ count: 1, resetAt: T0 + MINUTE });
      expect(await b.hitRateLimit('k', T0 + 30_000, MINUTE)).toEqual({
        count: 2,
        resetAt: T0 + MINUTE,
      });
      expect(await b.hitRateLimit('other', T0 + 30_000, MINUTE)).toEqual({
        count: 1,
        resetAt: T0 + 30_000 + MINUTE,
      });
      expect(await a.hitRateLimit('k', T0 + MINUTE, MINUTE)).toEqual({
        count: 1,
        resetAt: T0 + 2 * MINUTE,
      });
    });

    it('clearing out old counts of one kind never forgets another kind’s longer window', async () => {
      const DAY = 24 * 60 * MINUTE;
      expect(await a.recordSignInFailure('acct', '', T0, DAY)).toBe(1);
      // Enough short-window counts, two hours on, for any clean-up of expired rows to run.
      for (let i = 0; i < 250; i++) {
        await a.recordSignInCodeSent(`patient-${i}`, T0 + 120 * MINUTE + i, 15 * MINUTE);
        await a.hitRateLimit(`key-${i}`, T0 + 120 * MINUTE + i, MINUTE);
      }
      expect(await b.signInFailures('acct', '', T0)).toEqual({ count: 1, last: T0 });
    });

    it('twenty concurrent counts, half from each host, give exactly 1 to 20', async () => {
      const each = <R>(count: (db: HostDb, i: number) => Promise<R>): Promise<R[]> =>
        Promise.all(Array.from({ length: 20 }, (_, i) => count(i % 2 === 0 ? a : b, i)));
      const sorted = (ns: readonly number[]) => [...ns].sort((x, y) => x - y);
      const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
      expect(
        sorted(await each((db, i) => db.recordSignInCodeSent('carol', T0 + i, 15 * MINUTE))),
      ).toEqual(oneToTwenty);
      expect(
        sorted(await each((db, i) => db.recordSignInFailure('acct', 'd', T0 + i, 15 * MINUTE))),
      ).toEqual(oneToTwenty);
      expect((await a.signInFailures('acct', 'd', 0)).count).toBe(20);
      expect(
        sorted(
          (await each((db, i) => db.hitRateLimit('burst', T0 + i, MINUTE))).map((h) => h.count),
        ),
      ).toEqual(oneToTwenty);
    });
  });

  describe('record entries', () => {
    it('are kept by id (adding again replaces) and read newest first', async () => {
      await a.addRecordEntry(entry('e1', '2026-01-01T10:00:00Z'));
      await b.addRecordEntry(entry('e2', '2026-03-01T10:00:00Z', { label: 'sexual-health' }));
      await b.addRecordEntry(entry('e3', '2026-02-01T10:00:00Z', { patientId: 'bob' }));
      await a.addRecordEntry(entry('e1', '2026-01-01T10:00:00Z', { text: 'corrected' }));
      expect(await b.recordEntriesOf('alice')).toEqual([
        entry('e2', '2026-03-01T10:00:00Z', { label: 'sexual-health' }),
        entry('e1', '2026-01-01T10:00:00Z', { text: 'corrected' }),
      ]);
      expect(await a.recordEntriesOf('nobody')).toEqual([]);
    });
  });
};

const withoutHash = ({ passwordHash: _, ...rest }: StaffAccount) => rest;
