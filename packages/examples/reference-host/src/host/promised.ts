/** The synchronous form of an interface whose methods all return promises. */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/**
 * An asynchronous interface over a synchronous implementation (better-sqlite3's): each method
 * runs at once and its result or error comes back as a settled promise.
 */
export const promised = <T>(sync: Synchronous<T>): T =>
  Object.fromEntries(
    Object.entries(sync as Record<string, (...args: unknown[]) => unknown>).map(
      ([name, method]) => [
        name,
        (...args: unknown[]) => {
          try {
            return Promise.resolve(method(...args));
          } catch (error) {
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      ],
    ),
  ) as T;
