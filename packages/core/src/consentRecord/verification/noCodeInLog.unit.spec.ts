import { expectLeft, expectRight } from '../../testing/expectEither.js';
import { createHash } from 'node:crypto';
import {
  feedOf,
  patientActor,
  SECRET,
  staffOf,
  world,
} from '../../application/__fixtures__/world.js';

const counterIds = () => {
  let n = 0;
  return { next: () => `id-${(n += 1).toString(36)}` };
};

const encodings = (code: string): string[] =>
  ['md5', 'sha1', 'sha256', 'sha512'].flatMap((algorithm) => {
    const digest = createHash(algorithm).update(code).digest();
    return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
  });

describe('the event log never holds a code (docs/domain.md (verification codes))', () => {
  it('a full story of codes issued, resent, mistyped, used, and approved online leaves no code and no unkeyed hash of one', async () => {
    const { consentry, eventStore, notifier, clock, lastCode, org } = await world({
      ids: counterIds(),
    });
    await org('london-hospital', 'hospital', 'london');
    await expectRight(consentry.enrolPortal({ patientId: 'alice' }, patientActor('alice')));
    const far = staffOf('cornwall-hospital');
    const pair = { patientId: 'alice', organisationId: 'cornwall-hospital' };
    await expectRight(consentry.startCare(pair, feedOf(pair.organisationId)));
    await expectRight(consentry.requestAccess(pair, far));
    await expectRight(consentry.resendCode(pair, far));
    await expectLeft(
      consentry.enterCode({ ...pair, code: lastCode() === '000000' ? '000001' : '000000' }, far),
    );
    await expectRight(consentry.enterCode({ ...pair, code: lastCode() }, far));
    const london = { patientId: 'alice', organisationId: 'london-hospital' };
    await expectRight(consentry.startCare(london, feedOf(london.organisationId)));
    await expectRight(consentry.requestAccess(london, staffOf('london-hospital')));
    clock.advanceMinutes(11);
    await expectLeft(
      consentry.enterCode({ ...london, code: lastCode() }, staffOf('london-hospital')),
    );
    await expectRight(consentry.requestAccess(london, staffOf('london-hospital')));
    await expectRight(consentry.approveOnline(london, patientActor('alice')));

    const codes = [
      ...new Set(
        notifier
          .sent()
          .flatMap((m) =>
            m.personalisation['code'] === undefined ? [] : [m.personalisation['code']],
          ),
      ),
    ];
    expect(codes.length).toBeGreaterThanOrEqual(2);
    const log = JSON.stringify((await expectRight(eventStore.readAll())).events, (_, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    const digitRuns = new Set(log.match(/\d+/g));
    for (const code of codes) {
      // On failure, show where the code appears.
      const at = digitRuns.has(code)
        ? log.search(new RegExp(String.raw`(?<!\d)${code}(?!\d)`))
        : -1;
      expect(at < 0 ? '' : log.slice(Math.max(0, at - 300), at + 50)).toBe('');
      for (const hashed of encodings(code)) expect(log.includes(hashed)).toBe(false);
    }
    expect(log.includes(SECRET)).toBe(false);
    expect(log.includes('"keyId":"k1"')).toBe(true);
  });
});
