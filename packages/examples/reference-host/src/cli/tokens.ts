import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { TOKEN_SCOPES, type TokenScope } from '../host/accountTables.js';
import { isoOrDash, Refusal, registeredOrganisation, table, withHost } from './operatorCommon.js';

const LABEL = /^[A-Za-z0-9 ._-]{1,64}$/;

interface CreateOptions {
  readonly organisation: string;
  readonly scope: readonly string[];
  readonly label: string;
}

const collect = (value: string, previous: readonly string[]): readonly string[] => [
  ...previous,
  ...value.split(',').map((s) => s.trim()),
];

const checkScopes = (scopes: readonly string[]): readonly TokenScope[] => {
  const unknown = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0)
    throw new Refusal(
      `--scope must be one or more of ${TOKEN_SCOPES.join(', ')}${unknown.length ? ` (not ${unknown.map((u) => `"${u}"`).join(', ')})` : ''}`,
    );
  return [...new Set(scopes as readonly TokenScope[])];
};

/** `consentry tokens create|list|revoke`: bearer tokens for the JSON API and /metrics. */
export const register = (program: Command): void => {
  const tokens = program.command('tokens').description('Manage API tokens (stored hashed)');

  tokens
    .command('create')
    .description('Create a token; it is printed once on stdout and only its SHA-256 is kept')
    .requiredOption('--organisation <id>', 'the registered organisation the token acts for')
    .option(
      '--scope <scope>',
      `${TOKEN_SCOPES.join(' or ')} (repeat or comma-separate)`,
      collect,
      [],
    )
    .requiredOption('--label <label>', 'what uses it, e.g. "ward system"')
    .action((options: CreateOptions) =>
      withHost(async ({ consentry, hostDb }) => {
        const scopes = checkScopes(options.scope);
        if (!LABEL.test(options.label))
          throw new Refusal('--label must be 1 to 64 letters, digits, spaces, . _ or -');
        await registeredOrganisation(consentry, options.organisation);
        const token = `cst_${randomBytes(32).toString('base64url')}`;
        const stored = await hostDb.addApiToken(
          token,
          { organisationId: options.organisation, label: options.label, scopes },
          Date.now(),
        );
        process.stderr.write(
          `Created ${stored.tokenId} for ${stored.organisationId} (scopes: ${stored.scopes.join(' ')}). ` +
            'The token below is shown once; store it now.\n',
        );
        process.stdout.write(`${token}\n`);
      }),
    );

  tokens
    .command('list')
    .description('List tokens by id (never the token itself)')
    .action(() =>
      withHost(async ({ hostDb }) => {
        const rows = (await hostDb.listApiTokens()).map((t) => [
          t.tokenId,
          t.organisationId,
          t.scopes.join(' '),
          t.label,
          isoOrDash(t.createdAt),
          t.revokedAt === null ? 'active' : `revoked ${isoOrDash(t.revokedAt)}`,
        ]);
        process.stdout.write(
          table(['ID', 'ORGANISATION', 'SCOPES', 'LABEL', 'CREATED', 'STATUS'], rows),
        );
      }),
    );

  tokens
    .command('revoke <id>')
    .description('Revoke a token by its id (from `tokens list`); it stops working at once')
    .action((tokenId: string) =>
      withHost(async ({ hostDb }) => {
        const outcome = await hostDb.revokeApiToken(tokenId, Date.now());
        if (outcome === 'unknown')
          throw new Refusal(`no token with the id "${tokenId}" (see consentry tokens list)`);
        process.stdout.write(
          outcome === 'revoked' ? `Revoked ${tokenId}.\n` : `${tokenId} was already revoked.\n`,
        );
      }),
    );
};
