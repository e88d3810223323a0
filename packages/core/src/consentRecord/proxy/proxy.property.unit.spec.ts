import { expectRight } from '../../testing/expectEither.js';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { CommandContext } from '../../application/inputs.js';
import type { Consentry } from '../../application/api.js';
import { feedOf, patientActor, staffOf } from '../../application/__fixtures__/world.js';
import type { EventStore } from '../../eventStore/port.js';
import { streams } from '../../shared/streams.js';
import type { ConsentryError } from '../../shared/errors.js';
import type { ProxyScope } from './codecs.js';
import { LILY, familyWorld, practice, proxyActor } from './__fixtures__/family.js';

/**
 * Properties of proxies (docs/facade-api.md, "Proxies"), over random grants and random
 * sequences of what the proxy, the patient and the practice do, with time passing:
 * - a proxy never changes anything outside its scope or its dates: whenever the model says
 *   the grant is not in force or lacks the scope, the answer is NotPermitted and neither the
 *   consent stream nor the patient stream changes;
 * - after revocation or the child's 16th birthday every proxy action is NotPermitted;
 * - a proxy never lifts a "no" the patient recorded themself.
 */
const ORGS = ['cornwall-hospital', 'leic-hospital'] as const;
const DAY = 86_400_000;
const START = Date.parse('2026-07-01T09:00:00Z');

type Org = (typeof ORGS)[number];
type ProxyAct =
  | { readonly act: 'deny' | 'allow' | 'clear' | 'withdraw'; readonly org: Org | undefined }
  | { readonly act: 'approve' | 'refuse'; readonly org: Org }
  | { readonly act: 'contact' | 'codes' | 'grant' | 'request' };
type Step =
  | { readonly by: 'proxy'; readonly what: ProxyAct }
  | {
      readonly by: 'patient';
      readonly what: 'deny';
      readonly org: Org | undefined;
      readonly days?: number;
    }
  | { readonly by: 'staff'; readonly org: Org }
  | { readonly by: 'practice'; readonly what: 'revoke' }
  | { readonly by: 'clock'; readonly days: number };

const org = fc.constantFrom<Org>(...ORGS);
const orgOrAll = fc.option(org, { nil: undefined });
const proxyAct: fc.Arbitrary<ProxyAct> = fc.oneof(
  fc.record({
    act: fc.constantFrom('deny', 'allow', 'clear', 'withdraw'),
    org: orgOrAll,
  }) as fc.Arbitrary<ProxyAct>,
  fc.record({ act: fc.constantFrom('approve', 'refuse'), org }) as fc.Arbitrary<ProxyAct>,
  fc.record({
    act: fc.constantFrom('contact', 'codes', 'grant', 'request'),
  }) as fc.Arbitrary<ProxyAct>,
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ by: fc.constant('proxy' as const), what: proxyAct }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        by: fc.constant('patient' as const),
        what: fc.constant('deny' as const),
        org: orgOrAll,
        days: fc.integer({ min: 1, max: 30 }),
      },
      { requiredKeys: ['by', 'what', 'org'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ by: fc.constant('staff' as const), org }) },
  {
    weight: 1,
    arbitrary: fc.record({
      by: fc.constant('practice' as const),
      what: fc.constant('revoke' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      by: fc.constant('clock' as const),
      days: fc.integer({ min: 1, max: 40 }),
    }),
  },
);
const grant = fc.record({
  relationship: fc.constantFrom(
    'parent',
    'carer',
    'lasting-power-of-attorney',
    'court-appointed-deputy' as const,
  ),
  scope: fc.subarray<ProxyScope>(['manage-sharing', 'receive-codes', 'see-access-history'], {
    minLength: 1,
  }),
  untilDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  /** Lily turns 16 this many days after the start. */
  sixteenInDays: fc.integer({ min: 1, max: 120 }),
});
/** Born sixteen years before the day `days` after the start: her 16th birthday is that day. */
const bornFor = (days: number): { dateOfBirth: string; sixteenth: number } => {
  const birthday = new Date(START + days * DAY);
  const day = birthday.toISOString().slice(4, 10);
  return {
    dateOfBirth: `${birthday.getUTCFullYear() - 16}${day}`,
    sixteenth: Date.parse(`${birthday.toISOString().slice(0, 10)}T00:00:00Z`),
  };
};

const NEEDS: Readonly<Record<ProxyAct['act'], ProxyScope | undefined>> = {
  deny: 'manage-sharing',
  allow: 'manage-sharing',
  clear: 'manage-sharing',
  withdraw: 'manage-sharing',
  approve: 'manage-sharing',
  refuse: 'manage-sharing',
  contact: 'manage-sharing',
  codes: 'manage-sharing',
  // Never a proxy's to do, whatever the scope.
  grant: undefined,
  request: undefined,
};

const sam = proxyActor('sam');
const attempt = async (
  consentry: Consentry,
  what: ProxyAct,
  as: CommandContext,
): Promise<E.Either<ConsentryError, unknown>> => {
  const at = (o: Org | undefined) => (o === undefined ? {} : { organisationId: o });
  switch (what.act) {
    case 'deny':
    case 'allow':
      return consentry.setSharingPreference(
        { patientId: LILY, preference: what.act, setBy: 'patient', ...at(what.org) },
        as,
      )();
    case 'clear':
      return consentry.clearSharingPreference({ patientId: LILY, ...at(what.org) }, as)();
    case 'withdraw':
      return consentry.withdrawConsent(
        { patientId: LILY, organisationId: what.org ?? ORGS[0] },
        as,
      )();
    case 'approve':
      return consentry.approveOnline({ patientId: LILY, organisationId: what.org }, as)();
    case 'refuse':
      return consentry.refuseOnline({ patientId: LILY, organisationId: what.org }, as)();
    case 'contact':
      return consentry.recordContactDetails({ patientId: LILY, email: 'lily@example.org' }, as)();
    case 'codes':
      return consentry.chooseCodesRecipient({ patientId: LILY, to: 'both' }, as)();
    case 'grant':
      return consentry.grantProxy(
        { patientId: LILY, proxyId: 'eve', relationship: 'carer', evidence: 'none' },
        as,
      )();
    case 'request':
      return consentry.requestAccess({ patientId: LILY, organisationId: ORGS[0] }, as)();
  }
};

const lengths = async (store: EventStore) => {
  const read = async (stream: string) => {
    const r = await store.readStream(stream)();
    return E.isRight(r) ? r.right.events.length : -1;
  };
  return [await read(streams.consent(LILY)), await read(streams.patient(LILY))];
};

/** The patient's own standing "no"s: the slot and its end (Infinity: no end). */
type Nos = Map<string, number>;
const nosAfter = (nos: Nos, now: number): Nos =>
  new Map([...nos].filter(([, until]) => until > now));

describe('proxy properties (docs/facade-api.md, "Proxies")', () => {
  it("never outside scope or dates; nothing after revocation or the 16th birthday; never lifts the patient's own no", async () => {
    await fc.assert(
      fc.asyncProperty(grant, fc.array(step, { minLength: 1, maxLength: 14 }), async (g, steps) => {
        const { dateOfBirth, sixteenth } = bornFor(g.sixteenInDays);
        const w = await familyWorld(
          {
            scope: g.scope,
            ...(g.untilDays === undefined
              ? {}
              : { until: new Date(START + g.untilDays * DAY).toISOString() }),
          },
          dateOfBirth,
        );
        // Sam's grant: the parent fixture, changed to this relationship, scope and end date.
        await expectRight(
          w.consentry.grantProxy(
            {
              patientId: LILY,
              proxyId: 'sam',
              relationship: g.relationship,
              evidence: 'checked',
              scope: g.scope,
              mobile: '07700 900456',
              ...(g.untilDays === undefined
                ? {}
                : { until: new Date(START + g.untilDays * DAY).toISOString() }),
            },
            practice,
          ),
        );
        for (const o of ORGS)
          await expectRight(
            w.consentry.startCare({ patientId: LILY, organisationId: o }, feedOf(o)),
          );
        let revoked = false;
        let patientNos: Nos = new Map();
        for (const s of steps) {
          const now = w.clock.now().getTime();
          switch (s.by) {
            case 'clock':
              w.clock.advance(s.days * DAY);
              break;
            case 'practice':
              await w.consentry.revokeProxy({ patientId: LILY, proxyId: 'sam' }, practice)();
              revoked = true;
              break;
            case 'staff':
              await w.consentry.requestAccess(
                { patientId: LILY, organisationId: s.org },
                staffOf(s.org),
              )();
              break;
            case 'patient': {
              const until =
                s.days === undefined ? undefined : new Date(now + s.days * DAY).toISOString();
              const done = await w.consentry.setSharingPreference(
                {
                  patientId: LILY,
                  preference: 'deny',
                  setBy: 'patient',
                  ...(s.org === undefined ? {} : { organisationId: s.org }),
                  ...(until === undefined ? {} : { until }),
                },
                patientActor(LILY),
              )();
              if (E.isRight(done))
                patientNos.set(s.org ?? '*', until === undefined ? Infinity : Date.parse(until));
              break;
            }
            case 'proxy': {
              const before = await lengths(w.eventStore);
              const result = await attempt(w.consentry, s.what, sam);
              const after = await lengths(w.eventStore);
              const needed = NEEDS[s.what.act];
              const inForce =
                !revoked &&
                (g.untilDays === undefined || now < START + g.untilDays * DAY) &&
                (g.relationship !== 'parent' || now < sixteenth);
              const allowed = inForce && needed !== undefined && g.scope.includes(needed);
              if (!allowed) {
                expect(E.isLeft(result) && result.left._tag).toBe('NotPermitted');
                expect(after).toEqual(before);
              }
              if (!inForce) expect(E.isLeft(result) && result.left._tag).toBe('NotPermitted');
              // The patient's own no for each slot still stands, no shorter than she set it.
              patientNos = nosAfter(patientNos, now);
              const summary = await expectRight(w.consentry.sharingSummary({ patientId: LILY }));
              for (const [slot, until] of patientNos) {
                const held = summary.preferences.find((p) => (p.organisationId ?? '*') === slot);
                expect(held?.preference).toBe('deny');
                expect(
                  held?.until === undefined ? Infinity : Date.parse(held.until),
                ).toBeGreaterThanOrEqual(until);
              }
              // What a proxy changes is recorded as by the proxy for the patient.
              if (E.isRight(result) && after[0]! > before[0]!) {
                const read = await expectRight(w.eventStore.readStream(streams.consent(LILY)));
                expect(read.events.at(-1)?.metadata.actor).toEqual(sam.actor);
              }
              break;
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
