/**
 * Integration tests that need a real server named by an environment variable (for example
 * DATABASE_URL, which `bash .ci/postgres.sh` prints). With the variable set, the suite runs.
 * Without it, the suite fails in CI (CI=true: never skipped there) and is skipped locally
 * with one plain line saying why.
 */
export const describeWithServer = (
  variable: string,
  howToGetOne: string,
  name: string,
  body: (value: string) => void,
): void => {
  const value = process.env[variable];
  if (value !== undefined && value !== '') {
    describe(name, () => body(value));
    return;
  }
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it(`has the server ${variable} names`, () => {
        throw new Error(
          `${variable} is not set: CI must give these tests a server (${howToGetOne})`,
        );
      });
    });
    return;
  }
  process.stdout.write(`skipped ${name}: ${variable} is not set (${howToGetOne})\n`);
  describe.skip(name, () => it(`needs ${variable}`, () => undefined));
};

/** `describeWithServer` for the PostgreSQL tests. */
export const describeWithDatabase = (name: string, body: (url: string) => void): void =>
  describeWithServer('DATABASE_URL', 'bash .ci/postgres.sh prints one', name, body);
