import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import {
  createConsentry,
  keyringFromSecrets,
  systemClock,
  type CommandContext,
  type Consentry,
} from '@consentry/core';
import { capturingNotifier } from '@consentry/core/testing';
import { postgresEventStore } from '../postgresEventStore.js';

/** The verification key every host of the two-host test shares (as real hosts share a keyring). */
export const SECRET = 'two-hosts-test-key-0123456789-0123456789';
export const staffOf = (organisationId: string): CommandContext => ({
  actor: { kind: 'organisation-staff', id: `clin@${organisationId}`, organisationId },
});
export const system: CommandContext = { actor: { kind: 'system', id: 'two-hosts-test' } };

/** One host: its own pool, store and facade over the shared schema; only the database is shared. */
export const consentryHost = (
  url: string,
  schema: string,
): { readonly consentry: Consentry; readonly close: () => Promise<void> } => {
  const pool = new pg.Pool({ connectionString: url, max: 8, options: '-c synchronous_commit=off' });
  const eventStore = postgresEventStore(pool, { schema });
  const keyring = keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: SECRET } });
  if (E.isLeft(keyring)) throw new Error(keyring.left);
  const consentry = createConsentry({
    eventStore,
    notifier: capturingNotifier(),
    clock: systemClock,
    keyring: keyring.right,
  });
  return {
    consentry,
    close: async () => {
      await eventStore.close();
      await pool.end();
    },
  };
};
