import type { KeyTable, WrappedKeyRow } from './keyVault.js';

/**
 * Wrapped keys in process memory, for tests and the in-memory store. A destroyed row is
 * dropped (a tombstone remembers only that it was erased).
 */
const done = Promise.resolve();

export const inMemoryKeyTable = (): KeyTable & { readonly dump: () => string } => {
  const rows = new Map<string, WrappedKeyRow>();
  const erased = new Set<string>();
  return {
    insert: (row) => {
      rows.set(row.keyId, row);
      return done;
    },
    get: (keyId) => Promise.resolve(rows.get(keyId) ?? (erased.has(keyId) ? 'erased' : undefined)),
    live: (subject) =>
      Promise.resolve(
        [...rows.values()].filter(
          (row) => row.subject === subject || row.subject.startsWith(`${subject}/`),
        ),
      ),
    erase: (keyIds) => {
      for (const keyId of keyIds) {
        if (rows.delete(keyId)) erased.add(keyId);
      }
      return done;
    },
    erasures: () => Promise.resolve(erased.size),
    rows: () => Promise.resolve([...rows.values()]),
    rewrap: (keyId, kekId, wrapped) => {
      const row = rows.get(keyId);
      if (row !== undefined) rows.set(keyId, { ...row, kekId, wrapped });
      return done;
    },
    dump: () => JSON.stringify([...rows.values()]),
  };
};
