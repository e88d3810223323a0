import type { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '../eventStore/envelope.js';
import {
  checkpointDigest,
  checkpointSignatureValid,
  FIRST_CHECKPOINT_DIGEST,
  type Checkpoint,
  type StreamHead,
} from './checkpoint.js';
import { decodeCheckpoint } from './checkpointStream.js';
import { finding, type TamperFinding } from './findings.js';

export interface CheckedCheckpoints {
  /** The latest signed head of every stream any valid checkpoint names. */
  readonly heads: ReadonlyMap<string, StreamHead>;
  readonly findings: readonly TamperFinding[];
  readonly count: number;
}

/**
 * Checks the checkpoint events' signatures and their chain, and folds the heads they sign.
 * A checkpoint with a bad signature or a broken chain is reported and its heads ignored.
 */
export const checkCheckpoints = (
  events: readonly RecordedEvent[],
  publicKeys: ReadonlyMap<string, KeyObject>,
): CheckedCheckpoints => {
  const heads = new Map<string, StreamHead>();
  const findings: TamperFinding[] = [];
  let previous: Checkpoint | undefined;
  for (const event of events) {
    const decoded = decodeCheckpoint(event);
    const at = (detail: string): void => {
      findings.push(finding('bad-checkpoint', event.streamName, event.streamPosition, detail));
    };
    if (decoded._tag === 'Left') {
      at(decoded.left);
      continue;
    }
    const cp = decoded.right;
    const key = publicKeys.get(cp.keyId);
    if (key === undefined) {
      at(`signed with unknown key id "${cp.keyId}"`);
      continue;
    }
    if (!checkpointSignatureValid(cp, key)) {
      at(`signature of checkpoint #${cp.sequence} does not match its content`);
      continue;
    }
    const expectedDigest =
      previous === undefined ? FIRST_CHECKPOINT_DIGEST : checkpointDigest(previous);
    if (cp.previousDigest !== expectedDigest) {
      at(
        `checkpoint #${cp.sequence} does not follow the checkpoint before it (one was removed or replaced)`,
      );
    }
    for (const head of cp.heads) heads.set(head.streamName, head);
    previous = cp;
  }
  return { heads, findings, count: events.length };
};
