export type { SharingChange, SharingVerdict } from './consentRules.js';
export { liftsNo, maySetSharing, ownConsentAllowed } from './consentRules.js';
export * from './table.js';
export * from './actors.js';
export * from './justification.js';
export {
  authoriseActing,
  mayChooseCodesRecipient,
  mayManageProxies,
  mayProxyAct,
  mayRecordCapacity,
  PROXY_SCOPE_OF,
} from './proxyRules.js';
