import * as E from 'fp-ts/lib/Either.js';
import type { KeyObject } from 'node:crypto';
import { describeFinding, verifyStore, type TamperFinding } from '@consentry/core';
import { countEvents, progress, type ProgressTarget } from './progress.js';
import type { AuditStore } from './store.js';

export const VERIFY_CLEAN = 0;
export const VERIFY_FINDINGS = 1;
export const VERIFY_CANNOT_READ = 2;

type Write = (text: string) => void;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const printFirst = (f: TamperFinding, write: Write): void => {
  write('First finding:\n');
  write(`  stream    ${f.streamName}\n`);
  write(`  position  ${f.position.toString()}\n`);
  write(`  problem   ${f.kind} — ${f.detail}\n`);
};

/**
 * `audit verify`: every stream's hash chain and positions, the signed checkpoints, and
 * each stream against its last signed head. Returns 0 clean, 1 findings, 2 unreadable.
 */
export const auditVerify = async (
  target: AuditStore,
  publicKeys: ReadonlyMap<string, KeyObject>,
  write: Write,
  err: ProgressTarget,
): Promise<number> => {
  const total = err.isTTY === true ? await countEvents(target.store) : undefined;
  const bar = progress('verifying', err, total);
  const result = await verifyStore(target.store, {
    publicKeys,
    onProgress: (_, n) => bar.advance(n),
  })();
  bar.finish();
  if (E.isLeft(result)) {
    err.write(`consentry: cannot read ${target.label}: ${result.left.message}\n`);
    return VERIFY_CANNOT_READ;
  }
  const r = result.right;
  const scope = `${plural(r.events, 'event')} in ${plural(r.streams, 'stream')}, ${plural(r.checkpoints, 'signed checkpoint')}`;
  if (r.checkpoints === 0)
    write(
      'Note: no signed checkpoints yet, so events removed from the end of a stream cannot be detected.\n',
    );
  if (r.clean) {
    write(`Verified ${target.label}: ${scope} — no tampering found.\n`);
    return VERIFY_CLEAN;
  }
  write(`Verified ${target.label}: ${scope} — ${plural(r.findings.length, 'finding')}.\n`);
  printFirst(r.findings[0]!, write);
  write('All findings:\n');
  r.findings.forEach((f, i) => write(`  ${i + 1}. ${describeFinding(f)}\n`));
  return VERIFY_FINDINGS;
};
