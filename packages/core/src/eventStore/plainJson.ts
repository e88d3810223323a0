/** Marks a value that has no JSON form; never escapes this module. */
const NOT_JSON: unique symbol = Symbol('not JSON');

/** Deeper than this is a cycle or a mistake, not an event. */
const MAX_DEPTH = 64;

// Any realm's Object.prototype (its own prototype is null), so objects from a vm context,
// a worker or structuredClone count as plain too; class instances and Dates do not.
const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
};

// One walk both checks and copies, so the append path touches each value once.
const copy = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_JSON;
    case 'object':
      if (value === null) return null;
      if (depth > MAX_DEPTH) return NOT_JSON;
      return Array.isArray(value) ? copyArray(value, depth) : copyObject(value, depth);
    default:
      return NOT_JSON;
  }
};

const copyArray = (value: readonly unknown[], depth: number): unknown => {
  const out: unknown[] = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = copy(value[i], depth + 1);
    if (item === NOT_JSON) return NOT_JSON;
    out[i] = item;
  }
  return Object.freeze(out);
};

const copyObject = (value: object, depth: number): unknown => {
  if (!isPlainObject(value)) return NOT_JSON;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    // JSON drops undefined fields; so does every durable store, so the in-memory one does too.
    if (field === undefined) continue;
    const item = copy(field, depth + 1);
    if (item === NOT_JSON) return NOT_JSON;
    // A "__proto__" key (legal in JSON) must stay a field, not replace the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true });
    else out[key] = item;
  }
  return Object.freeze(out);
};

/**
 * A deep-frozen copy of plain JSON data, or `undefined` when the value is not plain JSON
 * (bigint, NaN, functions, `Date` or other class instances, cycles, holes or `undefined`
 * in arrays). Undefined object fields are dropped, as `JSON.stringify` does.
 */
export const frozenJsonCopy = (value: unknown): unknown => {
  const result = copy(value, 0);
  return result === NOT_JSON ? undefined : result;
};

const describeValue = (value: unknown): string =>
  typeof value === 'object' && value !== null
    ? ((Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor
        ?.name ?? 'object')
    : typeof value === 'number'
      ? String(value)
      : typeof value;

const findInArray = (
  value: readonly unknown[],
  path: string,
  depth: number,
): string | undefined => {
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const found =
      item === undefined
        ? `${path}[${i}]: undefined`
        : findNotJson(item, `${path}[${i}]`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
};

const findInObject = (value: object, path: string, depth: number): string | undefined => {
  if (!isPlainObject(value)) return `${path}: ${describeValue(value)}`;
  for (const [key, field] of Object.entries(value)) {
    const found = field === undefined ? undefined : findNotJson(field, `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
};

/**
 * The path of the first value that is not plain JSON (e.g. `data.visits[2].at: Date`),
 * or `undefined` when there is none. Slow; only called to explain a rejected append.
 */
export const findNotJson = (value: unknown, path: string, depth = 0): string | undefined => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path}: ${value}`;
  if (typeof value !== 'object') return `${path}: ${describeValue(value)}`;
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH} levels (a cycle?)`;
  return Array.isArray(value) ? findInArray(value, path, depth) : findInObject(value, path, depth);
};
