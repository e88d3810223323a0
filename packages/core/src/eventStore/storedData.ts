/**
 * A read event whose personal fields were opened carries the data as stored (sealed) under
 * this symbol: the hash chain covers the stored bytes, so `chainHash` hashes these. A symbol
 * key, so JSON and `Object.keys` never show it; enumerable, so a spread copy keeps it.
 */
export const STORED_DATA: unique symbol = Symbol.for('consentry.personalData.storedData');

/** The data as the store holds it: what the chain hash covers. */
export const storedDataOf = (event: { readonly data: unknown }): unknown => {
  const stored = (event as { readonly [STORED_DATA]?: unknown })[STORED_DATA];
  return stored === undefined ? event.data : stored;
};
