import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { consentryError, invalidInput, type ConsentryError } from '../../shared/errors.js';
import { instant } from '../../shared/brandedString.js';
import { ALL_SCOPES, type ProxyGrantor } from './codecs.js';
import type { ProxyEvent } from './events.js';
import type {
  ChooseCodesRecipientInput,
  GrantProxyInput,
  RecordCapacityInput,
  RevokeProxyInput,
} from './inputs.js';
import { activeWith, type ProxyState } from './state.js';

type Result = E.Either<ConsentryError, readonly ProxyEvent[]>;

/** A grant (or a change to one: it replaces the held grant). Scope defaults to all three. */
export const grant = (
  input: t.TypeOf<typeof GrantProxyInput>,
  grantedBy: ProxyGrantor,
  now: Date,
): Result => {
  if (input.until !== undefined && Date.parse(input.until) <= now.getTime())
    return E.left(invalidInput([{ field: 'until', message: 'until: must be in the future' }]));
  if (input.scope !== undefined && input.scope.length === 0)
    return E.left(invalidInput([{ field: 'scope', message: 'scope: name at least one scope' }]));
  const scope = ALL_SCOPES.filter((s) => (input.scope ?? ALL_SCOPES).includes(s));
  return E.right([
    {
      type: 'ProxyGranted',
      data: { ...input, scope, grantedBy, grantedAt: instant(now) },
    },
  ]);
};

/** Revoking a revoked grant changes nothing; an unknown proxy is a conflict. */
export const revoke = (
  input: t.TypeOf<typeof RevokeProxyInput>,
  revokedBy: ProxyGrantor,
  state: ProxyState,
): Result => {
  const held = state.grants[input.proxyId];
  if (held === undefined)
    return E.left(consentryError('Conflict', { message: `No proxy ${input.proxyId} to revoke` }));
  if (held.revoked !== undefined) return E.right([]);
  return E.right([{ type: 'ProxyRevoked', data: { ...input, revokedBy } }]);
};

export const recordCapacity = (
  input: t.TypeOf<typeof RecordCapacityInput>,
  state: ProxyState,
): Result =>
  E.right(
    state.lacksCapacity === input.lacksCapacity
      ? []
      : [{ type: 'PatientCapacityRecorded', data: input }],
  );

/** Codes to a proxy need a proxy in force with `receive-codes` (the one named, when named). */
export const chooseCodesRecipient = (
  input: t.TypeOf<typeof ChooseCodesRecipientInput>,
  state: ProxyState,
  dateOfBirth: string,
  now: Date,
): Result => {
  if (input.to !== 'patient') {
    const able = activeWith(state, 'receive-codes', dateOfBirth, now).filter(
      (g) => input.proxyId === undefined || g.proxyId === input.proxyId,
    );
    if (able.length === 0)
      return E.left(
        consentryError('Conflict', {
          message: `No proxy in force with receive-codes${input.proxyId === undefined ? '' : ` named ${input.proxyId}`}`,
        }),
      );
  }
  const data = input.to === 'patient' ? { patientId: input.patientId, to: input.to } : input;
  return E.right([{ type: 'CodesRecipientChosen', data }]);
};
