import { expectRight } from '@consentry/core/testing';
import path from 'node:path';
import type { RecordedEvent } from '@consentry/core';
import { startChild, type RunningChild } from './testSupport/childProcess.js';
import { consentryHost, type TestHost } from './testSupport/consentryHost.js';
import { describeWithDatabase, dropSchema, randomSchema } from './testSupport/database.js';
import { emergency, seedPatients } from './testSupport/emergencies.js';
import { startProvider, type Hook, type Received } from './testSupport/httpProvider.js';

const HOSTS = 3;
const EMERGENCIES = 200;
const CHILD = path.join(__dirname, 'testSupport', 'reactorChild.ts');

const waitFor = async (done: () => boolean, ms: number, what: string): Promise<void> => {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const leaseTakenAt = (child: RunningChild): number[] =>
  child
    .lines()
    .filter((line) => String(line.message).startsWith('notification lease taken'))
    .map((line) => Number(line.at));

/** The emergency-access messages recorded as sent in the log, by causing event id. */
const recordedSends = async (host: TestHost): Promise<Map<string, number>> => {
  const sent = new Map<string, number>();
  for (let position = 0n; ;) {
    const batch = await expectRight(
      host.eventStore.readAll({ fromPosition: position, batchSize: 1000 }),
    );
    for (const event of batch.events) {
      const data = event.data as { causationEventId?: string; kind?: string };
      if (event.type === 'NotificationSent' && data.kind === 'emergency-access')
        sent.set(
          data.causationEventId as string,
          (sent.get(data.causationEventId as string) ?? 0) + 1,
        );
    }
    position = batch.nextPosition;
    if (batch.isEnd) return sent;
  }
};

describeWithDatabase('several hosts, one sender per message (lease)', (url) => {
  const schema = randomSchema('hosts3');
  let host: TestHost;
  beforeAll(async () => {
    host = consentryHost(url, schema, { delivery: 'external' });
    await seedPatients(host.consentry, EMERGENCIES);
  }, 120_000);
  afterAll(async () => {
    await host.close();
    await dropSchema(url, schema);
  });

  /** Three host processes each running the leased reactor, the emergencies, and what the provider got. */
  const run = async (hook: (children: Map<number, RunningChild>) => Hook) => {
    const children = new Map<number, RunningChild>();
    const provider = await startProvider((message) => hook(children)(message));
    for (let i = 0; i < HOSTS; i++) {
      const child = startChild(CHILD, {
        DATABASE_URL: url,
        SCHEMA: schema,
        PROVIDER_URL: provider.url,
      });
      children.set(child.pid, child);
    }
    try {
      await waitFor(
        () => [...children.values()].some((child) => leaseTakenAt(child).length > 0),
        20_000,
        'a host to take the lease',
      );
      const causes: string[] = [];
      for (let n = 0; n < EMERGENCIES; n++) {
        await expectRight(emergency(host.consentry, n));
        causes.push(...(await emergencyIds(host, n)));
      }
      const wanted = new Set(causes);
      const keysOf = (messages: readonly Received[]) =>
        new Set(messages.map((m) => m.key.split(':')[0] as string));
      await waitFor(
        () => [...wanted].every((id) => keysOf(provider.accepted()).has(id)),
        60_000,
        'every emergency message',
      ).catch((error: unknown) => {
        const got = keysOf(provider.accepted());
        const missing = [...wanted].filter((id) => !got.has(id)).length;
        const logs = [...children.values()].map((c) => ({
          pid: c.pid,
          lines: c.lines(),
          stderr: c.stderr(),
        }));
        throw new Error(`${String(error)}: ${missing} missing; ${JSON.stringify(logs)}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // time for any second copy
      const accepted = provider.accepted().filter((m) => wanted.has(m.key.split(':')[0] as string));
      return { accepted, wanted, children, recorded: await recordedSends(host) };
    } finally {
      for (const child of children.values()) child.kill('SIGTERM');
      await Promise.all([...children.values()].map((child) => child.exited));
      await provider.close();
    }
  };

  // The id of patient n's latest EmergencyAccessInvoked (the message's causing event).
  const emergencyIds = async (h: TestHost, n: number): Promise<string[]> => {
    const read = await expectRight(h.eventStore.readStream(`consent-patient-${n}`));
    const last = read.events
      .filter((e: RecordedEvent) => e.type === 'EmergencyAccessInvoked')
      .at(-1);
    return last === undefined ? [] : [last.metadata.eventId];
  };

  it('three host processes and 200 emergencies give exactly 200 messages', async () => {
    const { accepted, wanted, children, recorded } = await run(() => () => 'accept');
    expect(wanted.size).toBe(EMERGENCIES);
    expect(accepted).toHaveLength(EMERGENCIES);
    expect(new Set(accepted.map((m) => m.key)).size).toBe(EMERGENCIES);
    expect([...wanted].every((id) => recorded.get(id) === 1)).toBe(true);
    const senders = new Set(accepted.map((m) => m.pid));
    expect([...senders].every((pid) => children.has(pid))).toBe(true);
    console.log(
      `${HOSTS} hosts, ${EMERGENCIES} emergencies: ${accepted.length} messages (${(accepted.length / EMERGENCIES).toFixed(2)} per emergency), sent by ${senders.size} process(es)`,
    );
  }, 180_000);

  it('the delivering host killed mid-pass is taken over; nothing lost, only its unrecorded sends doubled', async () => {
    const kills: { pid: number; at: number; how: string }[] = [];
    let arrived = 0;
    const { accepted, wanted, children, recorded } = await run((all) => (message) => {
      arrived++;
      const kill = (how: string): void => {
        // What the killed host had sent and not yet recorded may be sent again.
        kills.push({ pid: message.pid, at: Date.now(), how });
        all.get(message.pid)?.kill('SIGKILL');
      };
      if (arrived === 40) {
        setImmediate(() => kill('after the provider accepted a message'));
        return 'accept';
      }
      if (arrived === 120) {
        kill('while the provider held a message unanswered');
        return 'hold';
      }
      return 'accept';
    });

    // Nothing lost: every emergency's message was accepted, and recorded sent once.
    const keys = new Map<string, Received[]>();
    for (const m of accepted) keys.set(m.key, [...(keys.get(m.key) ?? []), m]);
    expect(new Set([...keys.keys()].map((k) => k.split(':')[0])).size).toBe(EMERGENCIES);
    expect([...wanted].every((id) => recorded.get(id) === 1)).toBe(true);
    // Doubled only: messages a killed host had sent and not yet recorded (docs/notifications.md).
    const killed = new Set(kills.map((k) => k.pid));
    const doubled = [...keys.values()].filter((copies) => copies.length > 1);
    for (const copies of doubled) {
      expect(copies).toHaveLength(2);
      expect(killed.has((copies[0] as Received).pid)).toBe(true);
    }
    expect(kills).toHaveLength(2);
    // At most what a host has in flight: 16 patients' messages at once (concurrentPatients).
    expect(doubled.length).toBeLessThanOrEqual(2 * 16);
    // Taken over within bounded time by a host still alive.
    const takeovers = kills.map((kill) => {
      const next = [...children.values()]
        .filter((child) => child.pid !== kill.pid)
        .flatMap(leaseTakenAt)
        .filter((at) => at > kill.at)
        .sort((a, b) => a - b)[0];
      return next === undefined ? Infinity : next - kill.at;
    });
    for (const ms of takeovers) expect(ms).toBeLessThan(5_000);
    console.log(
      `SIGKILL of the delivering host, twice: ${accepted.length} messages for ${EMERGENCIES} emergencies, ${doubled.length} sent twice (accepted by the provider, not yet recorded when killed), 0 lost; lease taken over in ${takeovers.join(' ms and ')} ms`,
    );
  }, 180_000);
});
