import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { stateCache, type StateCache } from '../streams/stateCache.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore, Subscription } from '../eventStore/port.js';
import { streamCategory } from '../eventStore/streamName.js';
import { walkLog } from '../eventStore/walkLog.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Keyring } from '../shared/keyring.js';
import type { CheckpointStore } from './checkpoints.js';
import { deliverIntent, type DeliverDeps, type IntentOutcome } from './deliver.js';
import { intentsOf, type Intent } from './intents.js';
import type { Notifier } from './port.js';
import { resolveRetry, type RetrySchedule } from './retry.js';

export interface ReactorLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface NotificationReactorDeps {
  readonly eventStore: EventStore;
  /** One notifier, or several picked by channel (say GOV.UK Notify for SMS, SMTP for e-mail): the first that sends it. */
  readonly notifier: Notifier | readonly Notifier[];
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly checkpoints: CheckpointStore;
  readonly retry?: RetrySchedule;
  readonly logger?: ReactorLogger;
  /** Names the checkpoint; one reactor of a name per store. Default `patient-messages`. */
  readonly name?: string;
  readonly batchSize?: number;
  /**
   * Save the checkpoint once this many events (the reactor's own records aside) were handled
   * since the last save, and when the reactor stops. A restart handles at most these again,
   * skipping every message already recorded. Default 100.
   */
  readonly checkpointEvery?: number;
  /** How many patients' messages go out at once (one patient's always in order). Default 16. */
  readonly concurrentPatients?: number;
  /** In `start()` mode, try again this long after a failed pass (store down). Default 5 s. */
  readonly retryPassAfterMs?: number;
  /** Folded stream states to read on from; the facade shares its own. Default: the reactor's own. */
  readonly states?: StateCache;
  /**
   * Asked right before each message is sent; a Left stops the pass before the send (the next
   * pass starts again from the first event not wholly handled). `leasedReactor` (lease.ts)
   * confirms its lease here.
   */
  readonly beforeSend?: () => TE.TaskEither<StoreError, void>;
}

export interface CatchUpReport {
  /** What happened to each message owed by the events handled in this pass. */
  readonly outcomes: readonly IntentOutcome[];
  /** The global position the next pass reads from. */
  readonly position: bigint;
}

export interface NotificationReactor {
  readonly name: string;
  /** Handles every event committed so far, then resolves: for tests, scenario runs and immediate delivery. */
  catchUp(): TE.TaskEither<StoreError, CatchUpReport>;
  /** Catches up, then follows the log (`subscribe`) until `stop()`. */
  start(): void;
  stop(): Promise<void>;
}

const OWN_CATEGORIES = new Set(['notification', 'notificationCheckpoint']);
const isOwn = (event: RecordedEvent): boolean =>
  OWN_CATEGORIES.has(streamCategory(event.streamName));
const silent: ReactorLogger = { info: () => undefined, warn: () => undefined };

/**
 * The durable outbox (docs/event-store.md): reads the log from its checkpoint, sends the messages
 * each event owes, records `NotificationSent`/`NotificationFailed`, and only then moves the
 * checkpoint. A crash anywhere re-handles the events since the checkpoint; a record, once
 * written, stops a second send. So the records are what makes a message go out once, and
 * the checkpoint only bounds the re-reading after a restart: it is saved every
 * `checkpointEvery` events, not after every message (a commit saved per pass).
 */
export const notificationReactor = (deps: NotificationReactorDeps): NotificationReactor => {
  const name = deps.name ?? 'patient-messages';
  const logger = deps.logger ?? silent;
  const checkpointEvery = deps.checkpointEvery ?? 100;
  const concurrentPatients = Math.max(1, deps.concurrentPatients ?? 16);
  const deliver: DeliverDeps = {
    store: deps.eventStore,
    states: deps.states ?? stateCache(),
    clock: deps.clock,
    ids: deps.ids,
    keyring: deps.keyring,
    notifiers: Array.isArray(deps.notifier) ? deps.notifier : [deps.notifier as Notifier],
    retry: resolveRetry(deps.retry),
    ...(deps.beforeSend === undefined ? {} : { beforeSend: deps.beforeSend }),
  };
  let position: bigint | undefined;
  let unsaved = 0;

  /**
   * Sends what a batch of events owes and records each outcome: one patient's messages in
   * log order (their records append to that patient's notification stream, at the version
   * read), different patients' at once, so their records can share a commit. Outcomes are
   * reported in log order. Then the reactor's position moves past the batch; the saved
   * checkpoint follows every `checkpointEvery` events. On a failure the reactor goes on,
   * next pass, from the first event not wholly handled.
   */
  const handleBatch = async (
    events: readonly RecordedEvent[],
    outcomes: IntentOutcome[],
  ): Promise<E.Either<StoreError, void>> => {
    const owed = events.flatMap((event) => (isOwn(event) ? [] : intentsOf(event)));
    const byPatient = new Map<string, number[]>();
    for (const [index, intent] of owed.entries()) {
      const chain = byPatient.get(intent.patientId);
      if (chain === undefined) byPatient.set(intent.patientId, [index]);
      else chain.push(index);
    }
    const results: (IntentOutcome | undefined)[] = owed.map(() => undefined);
    let failure: { readonly at: bigint; readonly error: StoreError } | undefined;
    const chains = [...byPatient.values()];
    const deliverChain = async (chain: readonly number[]): Promise<void> => {
      for (const index of chain) {
        const intent = owed[index] as Intent;
        const outcome = await deliverIntent(deliver, intent)();
        if (E.isRight(outcome)) {
          results[index] = outcome.right;
          continue;
        }
        if (failure === undefined || intent.cause.globalPosition < failure.at)
          failure = { at: intent.cause.globalPosition, error: outcome.left };
        return;
      }
    };
    // A bounded number of patients at once: a backlog after an outage must not open
    // hundreds of requests to a provider at the same moment.
    await Promise.all(
      Array.from({ length: Math.min(concurrentPatients, chains.length) }, async () => {
        for (let chain = chains.shift(); chain !== undefined; chain = chains.shift())
          await deliverChain(chain);
      }),
    );
    for (const outcome of results) {
      if (outcome === undefined) continue;
      outcomes.push(outcome);
      logger.info('notification', { ...outcome });
    }
    if (failure !== undefined) {
      position = failure.at;
      return E.left(failure.error);
    }
    const last = events[events.length - 1];
    if (last === undefined) return E.right(undefined);
    position = last.globalPosition + 1n;
    unsaved += events.filter((event) => !isOwn(event)).length;
    if (unsaved >= checkpointEvery) await saveCheckpoint();
    return E.right(undefined);
  };

  /**
   * Saves the position reached. The messages before it are sent and recorded either way, so
   * a failed save does not fail the pass: it only means a restart reads further back. It is
   * logged, and the next save tries again.
   */
  const saveCheckpoint = async (): Promise<void> => {
    if (position === undefined || unsaved === 0) return;
    const saved = await deps.checkpoints.save(name, position)();
    if (E.isRight(saved)) unsaved = 0;
    else {
      logger.warn('notification reactor could not save its checkpoint; the next save tries again', {
        code: saved.left.code,
        message: saved.left.message,
      });
    }
  };

  const pass = async (): Promise<E.Either<StoreError, CatchUpReport>> => {
    if (position === undefined) {
      const loaded = await deps.checkpoints.load(name)();
      if (E.isLeft(loaded)) return loaded;
      position = loaded.right;
    }
    const outcomes: IntentOutcome[] = [];
    // Each batch is handled before the next is read: a pass sees what was appended while it sent.
    const walked = await walkLog(
      deps.eventStore,
      { from: position, batchSize: deps.batchSize ?? 500, readAhead: false },
      async (events) => {
        const handled = await handleBatch(events, outcomes);
        return E.isLeft(handled) ? handled : undefined;
      },
    )();
    if (E.isLeft(walked)) return walked;
    return E.right({ outcomes, position });
  };

  // Passes never overlap: a caller arriving during a pass waits for the next one, which
  // starts when this one ends and reads everything appended before it started. Every
  // caller arriving meanwhile shares that next pass: what each appended is in it, and a
  // busy host runs one pass per burst of commands rather than one each.
  let queue: Promise<unknown> = Promise.resolve();
  let next: Promise<E.Either<StoreError, CatchUpReport>> | undefined;
  const catchUp = (): TE.TaskEither<StoreError, CatchUpReport> => () => {
    if (next !== undefined) return next;
    const run = queue.then(() => {
      next = undefined;
      return pass();
    });
    next = run;
    queue = run.catch(() => undefined);
    return run;
  };

  let subscription: Subscription | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = true;
  const later = (what: () => void) => {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(what, deps.retryPassAfterMs ?? 5000);
    timer.unref?.();
  };
  const wake = async (): Promise<void> => {
    // Events arriving during a pass need one more pass after it, not one each.
    if (running) return void (again = true);
    running = true;
    do {
      again = false;
      const result = await catchUp()();
      if (E.isLeft(result)) {
        logger.warn('notification reactor pass failed; will try again', {
          code: result.left.code,
          message: result.left.message,
        });
        later(() => void wake());
      }
    } while (again);
    running = false;
  };
  const follow = () => {
    subscription = deps.eventStore.subscribe({
      fromPosition: 'end',
      handler: (event) => (isOwn(event) ? undefined : wake()),
      onError: (error) => {
        logger.warn('notification reactor subscription stopped; following again shortly', {
          error: String(error),
        });
        subscription = undefined;
        later(() => (follow(), void wake()));
      },
    });
  };

  return {
    name,
    catchUp,
    start: () => {
      if (!stopped) return;
      stopped = false;
      follow();
      void wake();
    },
    stop: async () => {
      stopped = true;
      const following = subscription;
      subscription = undefined;
      if (timer !== undefined) clearTimeout(timer);
      await following?.stop();
      // After any pass in flight: a clean stop leaves nothing to handle again.
      const saving = queue.then(saveCheckpoint);
      queue = saving.catch(() => undefined);
      await saving;
    },
  };
};
