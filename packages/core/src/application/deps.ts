import type { CheckpointStore } from '../notification/checkpoints.js';
import type { ReactorLogger } from '../notification/reactor.js';
import type { RetrySchedule } from '../notification/retry.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import type { Notifier } from '../notification/port.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Keyring } from '../shared/keyring.js';
import type { KeyVault } from '../personalData/keyVault.js';
import type { ConsentryPolicy } from './policy.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

export interface ConsentryDeps {
  readonly eventStore: EventStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly keyring: Keyring;
  /** Overrides of `defaultPolicy` (code validity, attempts, limits, emergency window). */
  readonly policy?: Partial<ConsentryPolicy>;
  /** Event and request ids; defaults to uuid v7. Challenge ids never come from here (see docs). */
  readonly ids?: IdGenerator;
  /** How messages reach `notifier`; see {@link NotificationDelivery}. Default: immediate. */
  readonly notifications?: NotificationDelivery;
  /**
   * How many streams' folded states to keep, so a command reads only events appended since
   * it last read that stream (default 10,000; 0 reads every stream from the start). Always
   * safe with several hosts on one store: every command still reads the stream's tail.
   */
  readonly stateCacheStreams?: number;
  /**
   * Where the per-person data keys live (docs/personal-data.md). Given, personal fields are
   * sealed in the store and `erasePersonalData` can erase them; omitted, they are stored in
   * plain text as before (and cannot be erased).
   */
  readonly keyVault?: KeyVault;
  /**
   * Read after every command that succeeds, into `Receipt.commitToken`: the store's position
   * after the command's events (`commitToken(pool)` of @consentry/store-postgres). A failure
   * leaves the token out; the command still happened. Omitted: receipts carry no token.
   */
  readonly commitToken?: TE.TaskEither<StoreError, string>;
}

/**
 * Messages always go out through the notification reactor (docs/notifications.md).
 * `immediate` (the default) drains it after every consent command, so the messages are
 * sent before the command returns; `external` leaves that to a `notificationReactor` the
 * host runs (one per store), and commands only append.
 */
export interface NotificationDelivery {
  readonly delivery?: 'immediate' | 'external';
  /** Immediate only. Default: in the event store, stream `notificationCheckpoint-patient-messages`. */
  readonly checkpoints?: CheckpointStore;
  /** Immediate only. Save the checkpoint every this many events handled (default 100). */
  readonly checkpointEvery?: number;
  readonly retry?: RetrySchedule;
  readonly logger?: ReactorLogger;
}
