export * from './codecs.js';
export * from './events.js';
export * from './inputs.js';
export {
  activeWith,
  codeRecipients,
  inactiveReason,
  sixteenthBirthday,
  type Inactive,
  type ProxyGrant,
  type ProxyState,
} from './state.js';
