export { ERASED, erasable, isErased } from './erasable.js';
export {
  PERSONAL_FIELDS,
  patientSubject,
  type KeyScope,
  type PersonalFieldSpec,
} from './fields.js';
export {
  kekRing,
  keyVault,
  localKek,
  rotateKek,
  type DataKey,
  type KekRing,
  type KeyEncryptionKey,
  type KeyTable,
  type KeyVault,
  type WrappedKeyRow,
} from './keyVault.js';
export { inMemoryKeyTable } from './inMemoryKeyTable.js';
export {
  isPersonalDataStore,
  personalDataStore,
  type PersonalDataStore,
} from './personalDataStore.js';
export { SEALED, sealedOf } from './sealedEvent.js';
