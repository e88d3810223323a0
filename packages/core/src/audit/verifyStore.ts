import type { KeyObject } from 'node:crypto';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { EventStore } from '../eventStore/port.js';
import type { StoreError } from '../eventStore/errors.js';
import { checkCheckpoints } from './checkpointChain.js';
import { CHECKPOINT_STREAM } from './checkpointStream.js';
import { forEachEvent } from '../eventStore/walkLog.js';
import type { TamperFinding } from './findings.js';
import { StreamChecker } from './streamChecker.js';

export interface VerifyOptions {
  /** Ed25519 public keys by key id, to check the signed checkpoints. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
  readonly onProgress?: (position: bigint, eventsInBatch: number) => void;
}

export interface VerifyReport {
  readonly events: number;
  readonly streams: number;
  readonly checkpoints: number;
  /** In the order found; the first is the earliest problem in the log. */
  readonly findings: readonly TamperFinding[];
  readonly clean: boolean;
}

/**
 * Tamper evidence check over any store: every stream's hash chain and positions, the
 * signed checkpoints, and every stream against its last signed head (which is what
 * reveals events removed from the end of a stream).
 */
export const verifyStore = (
  store: EventStore,
  options: VerifyOptions,
): TE.TaskEither<StoreError, VerifyReport> =>
  pipe(
    store.readStream(CHECKPOINT_STREAM),
    TE.map((read) => checkCheckpoints(read.events, options.publicKeys)),
    TE.flatMap((checked) => {
      const checker = new StreamChecker(checked.heads);
      return pipe(
        forEachEvent(store, 0n, (e) => checker.visit(e), options.onProgress),
        TE.map(() => {
          checker.finish();
          const findings = [...checker.findings, ...checked.findings];
          return {
            events: checker.events,
            streams: checker.streamCount,
            checkpoints: checked.count,
            findings,
            clean: findings.length === 0,
          };
        }),
      );
    }),
  );
