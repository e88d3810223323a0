import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { assertNever } from '../shared/decider.js';
import type { ConsentryError } from '../shared/errors.js';
import type { AccessCommand } from './access/commands.js';
import * as access from './access/decide.js';
import type { CareCommand } from './care/commands.js';
import * as care from './care/decide.js';
import { endingsToNotice } from './endNotices/decide.js';
import type { ProxyGrantor } from './proxy/codecs.js';
import * as proxy from './proxy/decide.js';
import type {
  ChooseCodesRecipientInput,
  GrantProxyInput,
  RecordCapacityInput,
  RevokeProxyInput,
} from './proxy/inputs.js';
import type { SharingCommand } from './sharing/commands.js';
import * as sharing from './sharing/decide.js';
import type { ConsentRecordEvent, ConsentRecordState } from './state.js';
import type { VerificationCommand } from './verification/commands.js';
import * as verification from './verification/decide.js';

/** A proxy's grant, revocation, the patient's capacity and where codes go (docs/facade-api.md, "Proxies"). */
export type ProxyCommand =
  | {
      readonly type: 'GrantProxy';
      readonly data: t.TypeOf<typeof GrantProxyInput>;
      readonly grantedBy: ProxyGrantor;
      readonly now: Date;
    }
  | {
      readonly type: 'RevokeProxy';
      readonly data: t.TypeOf<typeof RevokeProxyInput>;
      readonly revokedBy: ProxyGrantor;
    }
  | { readonly type: 'RecordCapacity'; readonly data: t.TypeOf<typeof RecordCapacityInput> }
  | {
      readonly type: 'ChooseCodesRecipient';
      readonly data: t.TypeOf<typeof ChooseCodesRecipientInput>;
      readonly dateOfBirth: string;
      readonly now: Date;
    };

/** The maintenance sweep's notices that consents and proxy grants ended (docs/facade-api.md, runMaintenance). */
export interface NoticeEndings {
  readonly type: 'NoticeEndings';
  readonly data: { readonly patientId: string; readonly dateOfBirth: string; readonly now: Date };
}

/** Every command a patient's consent stream takes. */
export type ConsentRecordCommand =
  SharingCommand | CareCommand | AccessCommand | VerificationCommand | ProxyCommand | NoticeEndings;

type Result = E.Either<ConsentryError, readonly ConsentRecordEvent[]>;

/**
 * The one decide of the `consent-<patientId>` stream, the consistency boundary of
 * docs/architecture.md: each command is decided by the slice it concerns, on the record as
 * read at the version the append will name. The slices (`sharing/`, `care/`, `access/`,
 * `verification/`, `proxy/`, `endNotices/`) are parts of this one record, not aggregates of
 * their own; who may send a command is the trust rules' question (trust/), asked before.
 */
export const decideConsentRecord = (
  command: ConsentRecordCommand,
  record: ConsentRecordState,
): Result => {
  switch (command.type) {
    case 'SetSharingPreference':
    case 'ClearSharingPreference':
    case 'RecordSharingInConsent':
    case 'WithdrawSharingInConsent':
    case 'RecordSharingOutConsent':
    case 'ConsentToLabel':
      return sharing.decide(command, record.sharing);
    case 'StartCare':
    case 'EndCare':
    case 'ReviewRelationship':
      return care.decide(command, record.care);
    case 'RecordAccessRequest':
    case 'ConcludeRequest':
    case 'ViewRecord':
    case 'ReviewEmergency':
      return access.decide(command, record.access);
    case 'IssueChallenge':
    case 'EnterCode':
    case 'ResendCode':
    case 'AnswerOnline':
      return verification.decide(command, record.verification);
    case 'GrantProxy':
      return proxy.grant(command.data, command.grantedBy, command.now);
    case 'RevokeProxy':
      return proxy.revoke(command.data, command.revokedBy, record.proxy);
    case 'RecordCapacity':
      return proxy.recordCapacity(command.data, record.proxy);
    case 'ChooseCodesRecipient':
      return proxy.chooseCodesRecipient(
        command.data,
        record.proxy,
        command.dateOfBirth,
        command.now,
      );
    case 'NoticeEndings':
      return E.right(
        endingsToNotice(record, command.data.patientId, command.data.dateOfBirth, command.data.now),
      );
    default:
      return assertNever(command);
  }
};
