import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { verifyStore } from '@consentry/core';
import { openSqliteEventStore } from '@consentry/store-sqlite';
import { paths } from '../web/paths.js';
import { checkpointKeys, publicKeys, tellStory } from './__fixtures__/story.js';
import { sqliteTables } from './__fixtures__/sqliteTables.js';
import { STREAM, tamperings } from './__fixtures__/tamper.js';
import { publicKeyLine } from './keys.js';
import { openStoreTarget } from './store.js';

// The story is told once into a template file; each test tampers with its own copy.
let dir: string;
let template: string;
let untold: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-tamper-'));
  for (const [name, checkpoints] of [
    ['story.sqlite', true],
    ['no-checkpoints.sqlite', false],
  ] as const) {
    const store = openSqliteEventStore(path.join(dir, name), { synchronous: 'NORMAL' });
    if (E.isLeft(store)) throw new Error(store.left.message);
    await tellStory(store.right, checkpoints);
    await store.right.close();
  }
  template = path.join(dir, 'story.sqlite');
  untold = path.join(dir, 'no-checkpoints.sqlite');
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let copies = 0;
const copyOf = (file: string): string => {
  const copy = path.join(dir, `copy-${(copies += 1)}.sqlite`);
  fs.copyFileSync(file, copy);
  return copy;
};

const verify = async (file: string) => {
  const target = openStoreTarget(file);
  if (E.isLeft(target)) throw new Error(target.left);
  const report = await verifyStore(target.right.store, { publicKeys })();
  await target.right.store.close();
  if (E.isLeft(report)) throw new Error(report.left.message);
  return report.right;
};

describe('audit verify on a SQLite store tampered with directly', () => {
  it('given the untouched store, then it verifies clean', async () => {
    expect(await verify(copyOf(template))).toMatchObject({
      clean: true,
      checkpoints: 2,
      findings: [],
    });
  });

  for (const [name, tampering] of Object.entries(tamperings)) {
    it(`given ${name}, then the first finding is ${tampering.kind} at the right stream and position`, async () => {
      const file = copyOf(template);
      const tables = sqliteTables(file);
      const position = tampering.position(await tables.rows(STREAM));
      await tampering.apply(tables);
      tables.close();
      const report = await verify(file);
      expect(report.findings[0]).toMatchObject({
        kind: tampering.kind,
        streamName: STREAM,
        position,
      });
    });
  }

  it('given no checkpoint, then removing the last events of a stream cannot be detected (the limit of a hash chain)', async () => {
    const file = copyOf(untold);
    const tables = sqliteTables(file);
    await tamperings['the last events of a stream removed after a checkpoint']!.apply(tables);
    tables.close();
    expect((await verify(file)).clean).toBe(true);
  });
});

describe('consentry audit verify (the built program)', () => {
  const bin = path.join(paths.templates, '..', 'bin', 'consentry.js');
  const run = (...args: string[]) => {
    const keys = path.join(dir, 'trusted-keys.txt');
    fs.writeFileSync(keys, `${publicKeyLine('test-key', checkpointKeys.publicKey)}\n`);
    return spawnSync('node', [bin, 'audit', 'verify', '--public-keys', keys, ...args], {
      env: { ...process.env, CONSENTRY_DATA_DIR: dir, CONSENTRY_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
  };

  it('exits 0 on the untouched store and 1 with the first finding printed on a tampered one', async () => {
    const clean = run('--store', copyOf(template));
    expect(clean.stdout).toMatch(
      /events in \d+ streams, 2 signed checkpoints — no tampering found/,
    );
    expect(clean.status).toBe(0);
    const file = copyOf(template);
    const tables = sqliteTables(file);
    await tamperings['a removed event in the middle of a stream']!.apply(tables);
    tables.close();
    const tampered = run('--store', file);
    expect(tampered.stdout).toContain(
      `First finding:\n  stream    ${STREAM}\n  position  3\n  problem   removed — position 3 is missing`,
    );
    expect(tampered.status).toBe(1);
  }, 60_000);

  it('exits 2 with one line when the store cannot be opened', () => {
    const missing = run('--store', path.join(dir, 'nothing-here.sqlite'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `consentry audit: no store file at ${path.join(dir, 'nothing-here.sqlite')}`,
    );
  }, 60_000);
});
