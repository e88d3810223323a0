import { expectRight } from '@consentry/core/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import pino from 'pino';
import {
  CHECKPOINT_STREAM,
  inMemoryEventStore,
  verifyStore,
  type EventStore,
} from '@consentry/core';
import { checkpointIntervalSeconds, checkpointsFromEnv } from './checkpoints.js';
import { newKeyPair, parseSigningKey, trustedPublicKeys, PUBLIC_KEYS_FILE } from './keys.js';

const silent = pino({ level: 'silent' });
const event = {
  type: 'Something',
  data: {},
  metadata: {
    eventId: 'e',
    recordedAt: '2026-07-01T09:00:00.000Z',
    actor: { kind: 'system' as const, id: 't' },
    correlationId: 'c',
    schemaVersion: 1,
  },
};
const append = async (store: EventStore, stream: string) => {
  await expectRight(store.appendToStream(stream, [event]), `append to ${stream}`);
};
const checkpointCount = async (store: EventStore) => {
  const read = await store.readStream(CHECKPOINT_STREAM)();
  return E.isRight(read) ? read.right.events.length : -1;
};

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-keys-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('host checkpoints', () => {
  it('given no CONSENTRY_AUDIT_KEY, then a development key is made once, with a warning, and its public key is trusted', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const store = inMemoryEventStore();
    const first = checkpointsFromEnv({}, dir, store, logger, 'development');
    const second = checkpointsFromEnv({}, dir, store, logger, 'development');
    expect(E.isRight(first) && E.isRight(second)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('CONSENTRY_AUDIT_KEY is not set');
    expect(
      fs.readFileSync(path.join(dir, PUBLIC_KEYS_FILE), 'utf8').trim().split('\n'),
    ).toHaveLength(1);
    await append(store, 'patient-a');
    if (E.isRight(first)) await first.right.stop();
    const keys = trustedPublicKeys({}, dir, undefined);
    if (E.isLeft(keys)) throw new Error(keys.left);
    const report = await verifyStore(store, { publicKeys: keys.right })();
    expect(E.isRight(report) && report.right).toMatchObject({ clean: true, checkpoints: 1 });
  });

  it('signs on stop only what changed since the last checkpoint', async () => {
    const store = inMemoryEventStore();
    const env = {
      CONSENTRY_AUDIT_KEY: newKeyPair('k1').privateLine,
      CONSENTRY_CHECKPOINT_INTERVAL: '0',
    };
    const writer = checkpointsFromEnv(env, dir, store, silent, 'development');
    if (E.isLeft(writer)) throw new Error(writer.left);
    await append(store, 'patient-a');
    await writer.right.writeNow();
    await writer.right.writeNow(); // nothing changed: no second checkpoint
    expect(await checkpointCount(store)).toBe(1);
    await append(store, 'patient-b');
    await writer.right.stop();
    expect(await checkpointCount(store)).toBe(2);
  });

  it('refuses a malformed key or interval with a message naming the variable', () => {
    const store = inMemoryEventStore();
    expect(
      checkpointsFromEnv({ CONSENTRY_AUDIT_KEY: 'no-colon' }, dir, store, silent, 'development'),
    ).toEqual(E.left('CONSENTRY_AUDIT_KEY must start with a key id and a colon (id:key)'));
    expect(
      checkpointsFromEnv(
        { CONSENTRY_AUDIT_KEY: 'k1:bm90IGEga2V5' },
        dir,
        store,
        silent,
        'development',
      ),
    ).toEqual(E.left('CONSENTRY_AUDIT_KEY is not a readable key (PEM, or base64 DER)'));
    expect(checkpointIntervalSeconds({ CONSENTRY_CHECKPOINT_INTERVAL: 'soon' })).toBeUndefined();
    expect(checkpointIntervalSeconds({})).toBe(60);
  });

  it('reads a PEM key as well as base64 DER', () => {
    const pair = newKeyPair('k1');
    const der = parseSigningKey(pair.privateLine);
    if (E.isLeft(der)) throw new Error(der.left);
    const pem = der.right.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(E.isRight(parseSigningKey(`k2:${pem}`))).toBe(true);
  });

  it('given --public-keys, then only the keys in that file are trusted', () => {
    const file = path.join(dir, 'trusted.txt');
    fs.writeFileSync(file, `# the auditors' copy\n${newKeyPair('only').publicLine}\n`);
    const keys = trustedPublicKeys(
      { CONSENTRY_AUDIT_PUBLIC_KEYS: newKeyPair('other').publicLine },
      dir,
      file,
    );
    expect(E.isRight(keys) && [...keys.right.keys()]).toEqual(['only']);
  });
});
