import { initialConsentRecord, type ConsentRecordState } from '../state.js';
import { endingsToNotice } from './decide.js';
import { consentEndKey, proxyEndKey } from './state.js';

const NOW = new Date('2026-07-10T00:00:00Z');
const BORN = '1980-01-01';

/** Alice's record: asked at `askedAt`, a sharing-in consent and an `allow` for all, each with an end. */
const record = (askedAt: string, noticed: readonly string[] = []): ConsentRecordState => {
  const base = initialConsentRecord();
  return {
    ...base,
    sharing: {
      ...base.sharing,
      sharingIn: {
        'org-far': { answer: 'consent', route: 'verified-code', until: '2026-07-08T00:00:00Z' },
        'org-near': { answer: 'dissent', route: 'in-person' },
        'org-later': { answer: 'consent', route: 'in-person', until: '2026-07-11T00:00:00Z' },
      },
      preferenceForAll: { preference: 'allow', setBy: 'patient', until: '2026-07-09T00:00:00Z' },
      preferences: {
        'org-deny': { preference: 'deny', setBy: 'patient', until: '2026-07-01T00:00:00Z' },
      },
    },
    notices: { tell: true, askedAt, noticed: new Set(noticed) },
  };
};

describe('endingsToNotice (the decision the sweep appends, on the consent stream)', () => {
  it('each ended "yes" once: not a dissent, a deny, one still running, nor one noticed already', () => {
    expect(endingsToNotice(record('2026-07-01T00:00:00Z'), 'alice', BORN, NOW)).toEqual([
      {
        type: 'ConsentEndNoticed',
        data: {
          patientId: 'alice',
          consent: 'sharing-in',
          organisationId: 'org-far',
          until: '2026-07-08T00:00:00Z',
        },
      },
      {
        type: 'ConsentEndNoticed',
        data: { patientId: 'alice', consent: 'preference', until: '2026-07-09T00:00:00Z' },
      },
    ]);
    const noticed = [
      consentEndKey('sharing-in', 'org-far', '2026-07-08T00:00:00Z'),
      consentEndKey('preference', undefined, '2026-07-09T00:00:00Z'),
    ];
    expect(endingsToNotice(record('2026-07-01T00:00:00Z', noticed), 'alice', BORN, NOW)).toEqual(
      [],
    );
  });

  it('nothing that ended before the patient asked, and nothing when they did not ask', () => {
    expect(
      endingsToNotice(record('2026-07-08T12:00:00Z'), 'alice', BORN, NOW).map((e) => e.data),
    ).toEqual([{ patientId: 'alice', consent: 'preference', until: '2026-07-09T00:00:00Z' }]);
    const notAsked = { ...record('2026-07-01T00:00:00Z'), notices: initialConsentRecord().notices };
    expect(endingsToNotice(notAsked, 'alice', BORN, NOW)).toEqual([]);
  });

  it("a parent's grant at the 16th birthday, whatever the patient chose; once per grant", () => {
    const base = initialConsentRecord();
    const grant = {
      proxyId: 'sam',
      relationship: 'parent' as const,
      evidence: 'ref',
      scope: ['manage-sharing' as const],
      grantedBy: 'practice' as const,
      grantedAt: '2026-01-01T00:00:00Z',
    };
    const lily: ConsentRecordState = {
      ...base,
      proxy: { ...base.proxy, grants: { sam: grant } },
    };
    expect(endingsToNotice(lily, 'lily', '2010-07-10', new Date('2026-07-09T23:59:59Z'))).toEqual(
      [],
    );
    expect(endingsToNotice(lily, 'lily', '2010-07-10', NOW)).toEqual([
      {
        type: 'ProxyEndNoticed',
        data: {
          patientId: 'lily',
          proxyId: 'sam',
          relationship: 'parent',
          grantedAt: '2026-01-01T00:00:00Z',
          reason: 'child-turned-sixteen',
        },
      },
    ]);
    const noticed = {
      ...lily,
      notices: { ...lily.notices, noticed: new Set([proxyEndKey('sam', grant.grantedAt)]) },
    };
    expect(endingsToNotice(noticed, 'lily', '2010-07-10', NOW)).toEqual([]);
    const revoked = {
      ...lily,
      proxy: { ...lily.proxy, grants: { sam: { ...grant, revoked: 'practice' as const } } },
    };
    expect(endingsToNotice(revoked, 'lily', '2010-07-10', NOW)).toEqual([]);
  });
});
