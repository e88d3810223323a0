import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import type { Logger } from 'pino';
import {
  systemClock,
  uuidV7Ids,
  writeCheckpoint,
  type CheckpointSigningKey,
  type EventStore,
} from '@consentry/core';
import { signingKey } from './keys.js';

export const DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 60;

/** A running checkpoint writer: `stop` ends the timer and writes a last checkpoint. */
export interface Checkpointer {
  readonly writeNow: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** CONSENTRY_CHECKPOINT_INTERVAL in seconds (0: only on shutdown); undefined when malformed. */
export const checkpointIntervalSeconds = (env: NodeJS.ProcessEnv): number | undefined => {
  const raw = env['CONSENTRY_CHECKPOINT_INTERVAL'];
  if (raw === undefined || raw === '') return DEFAULT_CHECKPOINT_INTERVAL_SECONDS;
  return /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
};

/**
 * Signs the heads of the streams changed since the last checkpoint every `intervalSeconds`
 * and once more on stop. A failed write is logged and tried again at the next tick: a lost
 * checkpoint weakens the evidence but must never stop the host.
 */
export const startCheckpoints = (
  eventStore: EventStore,
  key: CheckpointSigningKey,
  intervalSeconds: number,
  logger: Logger,
): Checkpointer => {
  let running: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    const result = await writeCheckpoint({ eventStore, key, clock: systemClock, ids: uuidV7Ids })();
    if (E.isLeft(result)) logger.warn({ err: result.left.message }, 'audit checkpoint not written');
    else if (O.isSome(result.right))
      logger.info(
        { sequence: result.right.value.sequence, streams: result.right.value.heads.length },
        'audit checkpoint signed',
      );
  };
  // One write at a time: two would race for the same checkpoint version.
  const writeNow = (): Promise<void> => (running = running.then(write));
  const timer =
    intervalSeconds > 0 ? setInterval(() => void writeNow(), intervalSeconds * 1000) : undefined;
  timer?.unref();
  return {
    writeNow,
    stop: async () => {
      if (timer !== undefined) clearInterval(timer);
      await writeNow();
    },
  };
};

/** The host's checkpointing from configuration; a bad key or interval is a one-line start-up error. */
export const checkpointsFromEnv = (
  env: NodeJS.ProcessEnv,
  dataDir: string,
  eventStore: EventStore,
  logger: Logger,
  mode: 'development' | 'production',
): E.Either<string, Checkpointer> => {
  const interval = checkpointIntervalSeconds(env);
  if (interval === undefined)
    return E.left(
      'CONSENTRY_CHECKPOINT_INTERVAL must be a whole number of seconds (0: only on shutdown)',
    );
  return E.map((key: CheckpointSigningKey) => startCheckpoints(eventStore, key, interval, logger))(
    signingKey(env, dataDir, mode, (message) => logger.warn(message)),
  );
};
