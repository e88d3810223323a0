import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import type { Notifier } from '../notification/port.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Actor } from '../eventStore/envelope.js';
import type { Keyring } from '../shared/keyring.js';
import type { Delivery } from './notify.js';
import type { ConsentryPolicy } from './policy.js';
import type { KeyedQueue } from './patientQueue.js';
import type { StateCache } from '../streams/stateCache.js';

/** What every handler is given: the injected ports and the resolved policy. */
export interface Runtime {
  readonly store: EventStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly ids: IdGenerator;
  readonly policy: ConsentryPolicy;
  /** What happens to a consent command's events after the append: the notification reactor drained, or nothing. */
  readonly delivery: Delivery;
  /** Folded stream states to read on from (see stateCache.ts). */
  readonly states: StateCache;
  /** Commands on one patient in this process, one at a time (see patientQueue.ts). */
  readonly queue: KeyedQueue;
  /** Read after each command to fill `Receipt.commitToken` (ConsentryDeps.commitToken). */
  readonly commitToken?: TE.TaskEither<StoreError, string>;
}

/** A decoded command context: the correlation id is always set (generated when not given). */
export interface Ctx {
  readonly actor: Actor;
  readonly reason?: string;
  readonly correlationId: string;
}
