import { expectRight } from '../testing/expectEither.js';
import { createHash } from 'node:crypto';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import {
  FAR,
  LOCAL,
  feedOf,
  EMAIL,
  MOBILE,
  SECRET,
  patient,
  staffOf,
  story,
  system,
} from './__fixtures__/story.js';
import { notifierError } from './port.js';
import { notificationStream } from './events.js';
import type { EventStore } from '../eventStore/port.js';
import { streams } from '../shared/streams.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { storeUnavailable } from '../eventStore/errors.js';
import { checkpointStream } from './eventStoreCheckpoints.js';
import { inMemoryCheckpoints } from './checkpoints.js';

const far = staffOf('cornwall-hospital');
const local = staffOf('leic-hospital');

describe('notificationReactor: the messages of docs/scenarios.md from the log', () => {
  it('a whole story: code issued and resent, portal request, consent by code, in person and online, emergency access — each sent once, each recorded', async () => {
    const w = await story();
    const notifier = capturingNotifier();
    const reactor = w.reactor(notifier);
    await expectRight(w.consentry.enrolPortal({ patientId: 'alice' }, patient));
    await expectRight(w.consentry.requestAccess(FAR, far));
    await expectRight(reactor.catchUp());
    await expectRight(w.consentry.resendCode(FAR, far));
    await expectRight(reactor.catchUp());
    const code = notifier.lastCodeFor(MOBILE) ?? 'none';
    await expectRight(w.consentry.enterCode({ ...FAR, code }, far));
    await expectRight(w.consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(w.consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
    await expectRight(
      w.consentry.requestAccess(
        { ...LOCAL, purpose: 'ETREAT', justification: 'unconscious in A&E after a fall' },
        local,
      ),
    );
    const report = await expectRight(reactor.catchUp());

    expect(notifier.sent().map((m) => [m.kind, m.channel, m.to])).toEqual([
      ['verification-code', 'sms', MOBILE],
      ['verification-code', 'sms', MOBILE],
      ['sharing-consent-recorded', 'sms', MOBILE],
      ['sharing-consent-recorded', 'sms', MOBILE],
      ['emergency-access', 'sms', MOBILE],
    ]);
    // The resend derives the same code again from the keyring: a late first SMS still works.
    expect(notifier.sent()[0]?.personalisation['code']).toBe(code);
    expect(report.outcomes.map((o) => o._tag)).toEqual(['Sent', 'Sent', 'Sent']);

    const recorded = await w.notificationEvents();
    expect(
      recorded.map((e) => [
        e.type,
        (e.data as { kind: string }).kind,
        (e.data as { channel: string }).channel,
      ]),
    ).toEqual([
      ['NotificationSent', 'verification-code', 'sms'],
      ['NotificationSent', 'portal-approval-request', 'portal'],
      ['NotificationSent', 'verification-code', 'sms'],
      ['NotificationSent', 'sharing-consent-recorded', 'sms'],
      ['NotificationSent', 'sharing-consent-recorded', 'sms'],
      ['NotificationSent', 'emergency-access', 'sms'],
    ]);
    for (const e of recorded)
      expect(e.metadata.actor).toEqual({ kind: 'system', id: 'notification-reactor' });

    // Nothing personal or secret in the log: no code (nor an unkeyed hash of it), no phone, no e-mail, no key.
    const log = JSON.stringify(await w.all(), (_, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    const notifications = JSON.stringify(recorded.map((e) => e.data));
    expect(log).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
    for (const algorithm of ['sha1', 'sha256'])
      expect(log).not.toContain(createHash(algorithm).update(code).digest('hex'));
    expect(log).not.toContain(SECRET);
    for (const personal of [MOBILE, '07700 900123', '7700900123', EMAIL])
      expect(notifications).not.toContain(personal);
  });

  it('sends nothing twice: a second pass, and a fresh reactor after a clean stop, find nothing to do', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: false });
    await expectRight(w.consentry.requestAccess(FAR, far));
    const first = w.reactor(notifier);
    expect((await expectRight(first.catchUp())).outcomes).toHaveLength(1);
    expect((await expectRight(first.catchUp())).outcomes).toEqual([]);
    await first.stop(); // saves the checkpoint it had not saved yet
    const again = w.reactor(notifier);
    expect((await expectRight(again.catchUp())).outcomes).toEqual([]);
    expect(notifier.attempts()).toBe(1);
  });

  it('a checkpoint that cannot be saved is logged, not a failed pass; stop() tries again, and nothing is sent twice', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: false });
    await expectRight(w.consentry.requestAccess(FAR, far));
    const checkpoints = inMemoryCheckpoints();
    const warnings: string[] = [];
    const reactor = w.reactor(notifier, {
      checkpoints: { ...checkpoints, save: () => TE.left(storeUnavailable('store down')) },
      checkpointEvery: 1,
      logger: { info: () => undefined, warn: (message) => void warnings.push(message) },
    });
    const report = await expectRight(reactor.catchUp()); // sent and recorded: the pass succeeds
    expect(report.outcomes.map((o) => o._tag)).toEqual(['Sent']);
    await reactor.stop();
    expect(warnings).toEqual([
      'notification reactor could not save its checkpoint; the next save tries again',
      'notification reactor could not save its checkpoint; the next save tries again',
    ]);

    const next = await expectRight(w.reactor(notifier, { checkpoints }).catchUp());
    expect(next.outcomes).toEqual([
      expect.objectContaining({ _tag: 'AlreadyRecorded', kind: 'verification-code' }),
    ]);
    expect(notifier.attempts()).toBe(1);
  });

  it('a fresh reactor after an unclean end reads again from the last checkpoint, and skips what is recorded', async () => {
    const w = await story();
    const notifier = capturingNotifier({ honoursIdempotencyKeys: false });
    await expectRight(w.consentry.requestAccess(FAR, far));
    const saved = w.reactor(notifier, { checkpointEvery: 1 });
    await expectRight(saved.catchUp()); // saves past the first request
    await expectRight(w.consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(w.consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
    await expectRight(w.reactor(notifier).catchUp()); // sends that; not at the checkpoint interval yet
    expect(notifier.attempts()).toBe(2);

    // Never stopped: the next reactor starts at the saved checkpoint, before the consent.
    const restarted = await expectRight(w.reactor(notifier).catchUp());
    expect(restarted.outcomes).toEqual([
      expect.objectContaining({ _tag: 'AlreadyRecorded', kind: 'sharing-consent-recorded' }),
    ]);
    expect(notifier.attempts()).toBe(2);
  });

  it('the recipient is the contact details as the log stood at the event, preferred channel first', async () => {
    const w = await story({ preferred: 'email' });
    const notifier = capturingNotifier();
    await expectRight(w.consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(w.consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
    // Changed after the consent: the message for the earlier event still goes where the patient then asked.
    await expectRight(
      w.consentry.recordContactDetails({ patientId: 'alice', mobile: '07700 900456' }, patient),
    );
    await expectRight(w.reactor(notifier).catchUp());
    expect(notifier.sent().map((m) => [m.channel, m.to, m.subject])).toEqual([
      ['email', EMAIL, 'Leicester Royal Infirmary can now see your record'],
    ]);
  });

  it('several notifiers are picked by channel (say Notify for SMS and SMTP for e-mail)', async () => {
    const w = await story({ preferred: 'email' });
    const sms = capturingNotifier({ name: 'sms only', channels: ['sms'] });
    const email = capturingNotifier({ name: 'email only', channels: ['email'] });
    await expectRight(w.consentry.requestAccess(FAR, far));
    await expectRight(w.reactor([sms, email]).catchUp());
    expect([sms.sent().length, email.sent().map((m) => m.kind)]).toEqual([
      0,
      ['verification-code'],
    ]);
    expect((await w.notificationEvents())[0]?.data).toMatchObject({
      notifier: 'email only',
      channel: 'email',
    });
  });

  it('a code the patient can no longer use is not sent: NotificationFailed challenge-closed', async () => {
    const w = await story();
    const notifier = capturingNotifier();
    await expectRight(w.consentry.requestAccess(FAR, far));
    w.clock.advanceMinutes(11);
    const report = await expectRight(w.reactor(notifier).catchUp());
    expect(report.outcomes).toEqual([
      expect.objectContaining({ _tag: 'Failed', reason: 'challenge-closed' }),
    ]);
    expect(notifier.attempts()).toBe(0);
  });
});

describe('notificationReactor: reads', () => {
  it('asks for the notification stream, patient, organisation and challenge of a code together', async () => {
    const w = await story();
    let pending = 0;
    const inFlight: string[][] = [];
    const streamsNow: string[] = [];
    const slowReads: EventStore = {
      ...w.eventStore,
      readStream: (stream, options) => async () => {
        pending += 1;
        streamsNow.push(stream);
        inFlight.push([...streamsNow]);
        await new Promise((resolve) => setImmediate(resolve));
        pending -= 1;
        streamsNow.splice(streamsNow.indexOf(stream), 1);
        return w.eventStore.readStream(stream, options)();
      },
    };
    await expectRight(w.consentry.requestAccess(FAR, far));
    const notifier = capturingNotifier();
    await expectRight(w.reactor(notifier, { store: slowReads }).catchUp());
    expect(notifier.lastCodeFor(MOBILE)).toMatch(/^\d{6}$/);
    expect(inFlight.map((streams) => [...streams].sort())).toContainEqual(
      [
        streams.consent('alice'),
        notificationStream('alice'),
        streams.organisation('cornwall-hospital'),
        streams.patient('alice'),
      ].sort(),
    );
    expect(pending).toBe(0);
  });
});

describe('notificationReactor: a batch owing messages to several patients', () => {
  const others = [
    { patientId: 'bob', nhsNumber: '4010000007', mobile: '+447700900201' },
    { patientId: 'carol', nhsNumber: '4010000015', mobile: '+447700900202' },
  ] as const;
  /** Alice, Bob and Carol each owe a code from Cornwall, in that order in the log. */
  const threeCodesOwed = async () => {
    const w = await story();
    for (const other of others) {
      await expectRight(
        w.consentry.registerPatient(
          {
            patientId: other.patientId,
            nhsNumber: other.nhsNumber,
            name: `Patient ${other.patientId}`,
            dateOfBirth: '1970-01-01',
            homeArea: 'leicestershire',
            practiceId: 'leic-practice',
          },
          system,
        ),
      );
      await expectRight(
        w.consentry.recordContactDetails(
          { patientId: other.patientId, mobile: other.mobile },
          { actor: { kind: 'patient', id: other.patientId } },
        ),
      );
      await expectRight(
        w.consentry.startCare({ ...FAR, patientId: other.patientId }, feedOf(FAR.organisationId)),
      );
    }
    for (const patientId of ['alice', 'bob', 'carol'])
      await expectRight(w.consentry.requestAccess({ ...FAR, patientId }, far));
    return w;
  };
  const mobiles = [MOBILE, ...others.map((o) => o.mobile)];

  it.each([
    { concurrentPatients: undefined, expected: 3, label: 'all three: the default bound is 16' },
    { concurrentPatients: 2, expected: 2, label: 'two at a time: concurrentPatients 2' },
  ])(
    "sends different patients' messages at once ($label), in log order, checkpointing once",
    async ({ concurrentPatients, expected }) => {
      const w = await threeCodesOwed();
      let recording = 0;
      let mostAtOnce = 0;
      const store: EventStore = {
        ...w.eventStore,
        appendToStream: (stream, events, options) => async () => {
          if (!stream.startsWith('notification-'))
            return w.eventStore.appendToStream(stream, events, options)();
          recording += 1;
          mostAtOnce = Math.max(mostAtOnce, recording);
          await new Promise((resolve) => setImmediate(resolve));
          recording -= 1;
          return w.eventStore.appendToStream(stream, events, options)();
        },
      };
      const notifier = capturingNotifier();
      // Saving at every event it may: still one save, after the batch.
      const reactor =
        concurrentPatients === undefined
          ? w.reactor(notifier, { store, checkpointEvery: 1 })
          : w.reactor(notifier, { store, concurrentPatients, checkpointEvery: 1 });
      const report = await expectRight(reactor.catchUp());
      expect(mostAtOnce).toBe(expected);
      expect(report.outcomes.map((o) => o._tag)).toEqual(['Sent', 'Sent', 'Sent']);
      const causes = (await w.all()).filter((e) => e.type === 'VerificationChallengeIssued');
      expect(report.outcomes.map((o) => o.causationEventId)).toEqual(
        causes.map((e) => e.metadata.eventId),
      );
      expect(mobiles.map((to) => notifier.messagesTo(to).length)).toEqual([1, 1, 1]);
      const checkpoints = await expectRight(
        w.eventStore.readStream(checkpointStream('patient-messages')),
      );
      expect(checkpoints.events).toHaveLength(1);
    },
  );

  it("keeps the others' messages when one patient's record fails, and goes on from that one next pass", async () => {
    const w = await threeCodesOwed();
    let failBob = true;
    const store: EventStore = {
      ...w.eventStore,
      appendToStream: (stream, events, options) =>
        stream === 'notification-bob' && failBob
          ? TE.left(storeUnavailable('disk full for a moment'))
          : w.eventStore.appendToStream(stream, events, options),
    };
    const notifier = capturingNotifier();
    const reactor = w.reactor(notifier, { store });
    expect(await reactor.catchUp()()).toMatchObject({ _tag: 'Left' });
    // Bob's code went out; only its record failed. Alice's and Carol's are sent and recorded.
    expect(mobiles.map((to) => notifier.messagesTo(to).length)).toEqual([1, 1, 1]);
    failBob = false;
    const report = await expectRight(reactor.catchUp());
    // From Bob's event on: his record written now (the provider took the same idempotency
    // key, no second message), Carol's found already recorded.
    expect(report.outcomes.map((o) => o._tag)).toEqual(['Sent', 'AlreadyRecorded']);
    expect(mobiles.map((to) => notifier.messagesTo(to).length)).toEqual([1, 1, 1]);
    const recorded = await expectRight(w.eventStore.readStream('notification-bob'));
    expect(recorded.events.map((e) => e.type)).toEqual(['NotificationSent']);
  });
});

describe('notificationReactor: passes', () => {
  it('callers arriving before a queued pass starts share it: one pass for all, handling what each appended', async () => {
    const w = await story();
    let reads = 0;
    const store: EventStore = {
      ...w.eventStore,
      readAll: (options) => ((reads += 1), w.eventStore.readAll(options)),
    };
    const notifier = capturingNotifier();
    const reactor = w.reactor(notifier, { store });
    const first = reactor.catchUp()();
    await expectRight(w.consentry.requestAccess(FAR, far));
    const later = await Promise.all([1, 2, 3].map(() => reactor.catchUp()()));
    await first;
    expect(reads).toBe(2); // one pass each, not one per caller
    expect(new Set(later).size).toBe(1);
    expect(later[0]).toMatchObject({ _tag: 'Right' });
    expect(notifier.messagesTo(MOBILE)).toHaveLength(1);
  });
});

describe('notificationReactor: retries and fallback', () => {
  const unavailable = notifierError('unavailable', 'provider down');

  it('retries a transient failure with exponential backoff and jitter, then records the attempts', async () => {
    const w = await story();
    const notifier = capturingNotifier();
    notifier.failNext(unavailable, 3);
    await expectRight(w.consentry.requestAccess(FAR, far));
    await expectRight(w.reactor(notifier).catchUp());
    expect(notifier.attempts()).toBe(4);
    // random() = 0.5: half of 250·2^(n-1) fixed plus a quarter of it.
    expect(w.sleeps).toEqual([188, 375, 750]);
    expect((await w.notificationEvents())[0]?.data).toMatchObject({
      channel: 'sms',
      attempts: 4,
      earlierFailures: [],
    });
  });

  it('a delay never passes maxDelayMs, and the number of sends is bounded', async () => {
    const w = await story();
    const notifier = capturingNotifier({ channels: ['sms'] });
    notifier.failNext(notifierError('rate-limited', 'slow down'), 10);
    await expectRight(w.consentry.requestAccess(FAR, far));
    await expectRight(
      w
        .reactor(notifier, {
          retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 3000, random: () => 0.999 },
        })
        .catchUp(),
    );
    expect(notifier.attempts()).toBe(6);
    expect(w.sleeps).toEqual([1000, 1999, 2999, 2999, 2999]);
  });

  it('a permanent failure is not retried: the message goes to the other channel and NotificationSent says so', async () => {
    const w = await story();
    const notifier = capturingNotifier();
    notifier.failNext(notifierError('invalid-recipient', 'no such number'));
    await expectRight(w.consentry.requestAccess(FAR, far));
    await expectRight(w.reactor(notifier).catchUp());
    expect(notifier.sent().map((m) => [m.channel, m.to, m.kind])).toEqual([
      ['email', EMAIL, 'verification-code'],
    ]);
    expect(w.sleeps).toEqual([]);
    expect((await w.notificationEvents())[0]).toMatchObject({
      type: 'NotificationSent',
      data: {
        channel: 'email',
        attempts: 1,
        earlierFailures: [
          { channel: 'sms', reason: 'invalid-recipient', retryable: false, attempts: 1 },
        ],
      },
    });
  });

  it('retries used up on one channel fall back to the other too', async () => {
    const w = await story();
    const notifier = capturingNotifier();
    notifier.failNext(unavailable, 2);
    await expectRight(w.consentry.requestAccess(FAR, far));
    await expectRight(w.reactor(notifier, { retry: { maxAttempts: 2 } }).catchUp());
    expect(notifier.sent().map((m) => m.channel)).toEqual(['email']);
    expect((await w.notificationEvents())[0]?.data).toMatchObject({
      channel: 'email',
      earlierFailures: [{ channel: 'sms', reason: 'unavailable', retryable: true, attempts: 2 }],
    });
  });

  it('every channel failing records NotificationFailed with each channel’s reason, and the reactor moves on', async () => {
    const w = await story();
    const notifier = capturingNotifier();
    notifier.failNext(notifierError('rejected', 'trial mode'));
    notifier.failNext(notifierError('auth', 'bad key'));
    await expectRight(w.consentry.requestAccess(FAR, far));
    const reactor = w.reactor(notifier);
    const report = await expectRight(reactor.catchUp());
    expect(notifier.sent()).toEqual([]);
    expect(report.outcomes).toEqual([
      expect.objectContaining({ _tag: 'Failed', reason: 'all-channels-failed' }),
    ]);
    const failed = (await w.notificationEvents())[0];
    expect(failed).toMatchObject({
      type: 'NotificationFailed',
      data: {
        kind: 'verification-code',
        reason: 'all-channels-failed',
        failures: [
          { channel: 'sms', reason: 'rejected' },
          { channel: 'email', reason: 'auth' },
        ],
      },
    });
    expect(JSON.stringify(failed?.data)).not.toMatch(/trial mode|bad key/);
    await expectRight(w.consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(w.consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
    await expectRight(reactor.catchUp());
    expect(notifier.sent().map((m) => m.kind)).toEqual(['sharing-consent-recorded']);
  });
});
