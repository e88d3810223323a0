import type { Command } from 'commander';
import type { Consentry } from '@consentry/core';
import { randomBytes } from 'node:crypto';
import { STAFF_ROLES, type StaffAccountRole } from '../host/accountTables.js';
import { hashPassword } from '../security/passwords.js';
import { isoOrDash, Refusal, registeredOrganisation, table, withHost } from './operatorCommon.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const MIN_PASSWORD = 12;
const MAX_PASSWORD = 200;

interface AddOptions {
  readonly role: string;
  readonly organisation?: string;
  readonly name: string;
  readonly passwordStdin?: boolean;
}

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
};

const checkRole = (role: string): StaffAccountRole => {
  if (!(STAFF_ROLES as readonly string[]).includes(role))
    throw new Refusal(`--role must be one of ${STAFF_ROLES.join(', ')}`);
  return role as StaffAccountRole;
};

const chosenPassword = async (
  fromStdin: boolean,
): Promise<{ password: string; shown: boolean }> => {
  if (!fromStdin) return { password: randomBytes(15).toString('base64url'), shown: true };
  const password = await readStdin();
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD)
    throw new Refusal(`the password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters`);
  return { password, shown: false };
};

/** The new account's role and name, once the user name, role and organisation are known good. */
const checkAdd = async (consentry: Consentry, username: string, options: AddOptions) => {
  if (!USERNAME.test(username))
    throw new Refusal(
      'the user name must be 2 to 64 characters: lower-case letters, digits, . _ and -, starting with a letter or digit',
    );
  const role = checkRole(options.role);
  const displayName = options.name.trim();
  if (displayName === '' || displayName.length > 100)
    throw new Refusal('--name must be 1 to 100 characters');
  if (options.organisation === undefined && role !== 'auditor')
    throw new Refusal(`--organisation is required for the role ${role}`);
  if (options.organisation !== undefined) {
    const organisation = await registeredOrganisation(consentry, options.organisation);
    if (role === 'practice-staff' && organisation.kind !== 'gp-practice')
      throw new Refusal(
        `practice staff must belong to a GP practice; "${organisation.organisationId}" is a ${organisation.kind}`,
      );
  }
  return { role, displayName };
};

/** `consentry staff add|list|disable`: the accounts that sign in at /staff/sign-in. */
export const register = (program: Command): void => {
  const staff = program
    .command('staff')
    .description('Manage staff accounts (the host tables: docs/scaling.md)');

  staff
    .command('add <username>')
    .description('Add a staff account; prints a generated password once unless --password-stdin')
    .requiredOption('--role <role>', `one of ${STAFF_ROLES.join(', ')}`)
    .option('--organisation <id>', 'the registered organisation the account acts for')
    .requiredOption('--name <display name>', 'the name shown on pages and in the audit log')
    .option('--password-stdin', `read the password (${MIN_PASSWORD}+ characters) from stdin`)
    .action((username: string, options: AddOptions) =>
      withHost(async ({ consentry, hostDb }) => {
        const { role, displayName } = await checkAdd(consentry, username, options);
        if ((await hostDb.listAccounts()).some((a) => a.username === username))
          throw new Refusal(`a staff account named "${username}" already exists`);
        const { password, shown } = await chosenPassword(options.passwordStdin === true);
        const added = await hostDb.addAccount(
          {
            username,
            role,
            organisationId: options.organisation ?? null,
            displayName,
            passwordHash: await hashPassword(password),
          },
          Date.now(),
        );
        if (added === 'exists')
          throw new Refusal(`a staff account named "${username}" already exists`);
        process.stdout.write(
          `Added ${role} "${username}"${options.organisation ? ` for ${options.organisation}` : ''}.\n` +
            (shown ? `Password (shown once, give it to them by a safe route): ${password}\n` : ''),
        );
      }),
    );

  staff
    .command('list')
    .description('List staff accounts (never their passwords)')
    .action(() =>
      withHost(async ({ hostDb }) => {
        const rows = (await hostDb.listAccounts()).map((a) => [
          a.username,
          a.role,
          a.organisationId ?? '-',
          a.displayName,
          a.disabledAt === null ? 'active' : `disabled ${isoOrDash(a.disabledAt)}`,
        ]);
        process.stdout.write(table(['USERNAME', 'ROLE', 'ORGANISATION', 'NAME', 'STATUS'], rows));
      }),
    );

  staff
    .command('disable <username>')
    .description('Disable a staff account: it can no longer sign in, and its sessions end now')
    .action((username: string) =>
      withHost(async ({ hostDb }) => {
        const outcome = await hostDb.disableAccount(username, Date.now());
        if (outcome === 'unknown') throw new Refusal(`no staff account named "${username}"`);
        process.stdout.write(
          outcome === 'disabled'
            ? `Disabled "${username}"; their sessions have ended.\n`
            : `"${username}" was already disabled.\n`,
        );
      }),
    );
};
