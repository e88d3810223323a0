import type { Expiry } from '../steps.js';
import type { World } from './world.js';

/** An `until:` of the file (an instant, or a duration from the scenario clock's now) as an ISO instant. */
export const expiryAt = (world: World, until: Expiry | undefined): string | undefined =>
  until === undefined
    ? undefined
    : until.kind === 'at'
      ? until.at.toISOString()
      : new Date(world.clock.now().getTime() + until.after.ms).toISOString();
