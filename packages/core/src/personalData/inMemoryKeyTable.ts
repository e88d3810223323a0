import type { KeyTable, WrappedKeyRow } from './keyVault.js';

const done = Promise.resolve();

/** `patient/p1/proxy/x` → `patient/p1`: rows are indexed by the person they are kept under. */
const rootOf = (subject: string): string => subject.split('/', 2).join('/');

/**
 * Wrapped keys in process memory, for tests and the in-memory store. A destroyed row is
 * dropped (a tombstone remembers only that it was erased).
 */
export const inMemoryKeyTable = (): KeyTable & { readonly dump: () => string } => {
  const rows = new Map<string, WrappedKeyRow>();
  const byRoot = new Map<string, Set<string>>();
  const erased = new Set<string>();
  return {
    insert: (row) => {
      rows.set(row.keyId, row);
      const root = rootOf(row.subject);
      const ids = byRoot.get(root) ?? new Set<string>();
      ids.add(row.keyId);
      byRoot.set(root, ids);
      return done;
    },
    get: (keyId) => Promise.resolve(rows.get(keyId) ?? (erased.has(keyId) ? 'erased' : undefined)),
    live: (subject) => {
      const found: WrappedKeyRow[] = [];
      for (const keyId of byRoot.get(rootOf(subject)) ?? []) {
        const row = rows.get(keyId);
        if (row !== undefined && (row.subject === subject || row.subject.startsWith(`${subject}/`)))
          found.push(row);
      }
      return Promise.resolve(found);
    },
    erase: (keyIds) => {
      for (const keyId of keyIds) {
        const row = rows.get(keyId);
        if (row === undefined) continue;
        rows.delete(keyId);
        byRoot.get(rootOf(row.subject))?.delete(keyId);
        erased.add(keyId);
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
