import * as E from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { NewEventCodec, invalidAppend, type InvalidAppend, type NewEvent } from '@consentry/core';

/**
 * Checks each event with the core envelope codec and encodes it. `data` and `metadata` must
 * be plain JSON, because the chain hash is computed over the values given and must match
 * what a later read gets back (a Date or NaN would not survive the round trip).
 */
export const encodeEvents = (
  streamName: string,
  events: readonly NewEvent[],
): E.Either<InvalidAppend, readonly NewEvent[]> => {
  const encoded: NewEvent[] = [];
  for (const [index, event] of events.entries()) {
    const decoded = NewEventCodec.decode(event);
    if (E.isLeft(decoded)) {
      return E.left(
        invalidAppend(
          `Append to ${streamName}, event ${index}: ${PathReporter.report(decoded).join('; ')}`,
        ),
      );
    }
    const { type, data, metadata } = NewEventCodec.encode(decoded.right);
    const problem = findNonJson(data, 'data') ?? findNonJson(metadata, 'metadata');
    if (problem !== undefined)
      return E.left(invalidAppend(`Append to ${streamName}, event ${index}: ${problem}`));
    encoded.push({ type, data, metadata });
  }
  return E.right(encoded);
};

/** Where a value stops being plain JSON, or undefined when it is. */
export const findNonJson = (value: unknown, path: string): string | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value)
        ? undefined
        : `${path} is ${String(value)}, which JSON cannot hold`;
    case 'object':
      return value === null
        ? undefined
        : Array.isArray(value)
          ? arrayProblem(value, path)
          : objectProblem(value, path);
    default:
      return `${path} is a ${typeof value}, which JSON cannot hold`;
  }
};

const arrayProblem = (value: readonly unknown[], path: string): string | undefined => {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === undefined) return `${path}[${i}] is undefined, which JSON cannot hold`;
    const problem = findNonJson(value[i], `${path}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
};

const objectProblem = (value: object, path: string): string | undefined => {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return `${path} is a ${value.constructor.name}, not a plain JSON object`;
  }
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue; // dropped by JSON and by the hash alike
    const problem = findNonJson(child, `${path}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
};
