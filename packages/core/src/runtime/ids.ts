import { v7 as uuidv7 } from 'uuid';

/** The only source of new ids (event ids, challenge ids, request ids). */
export interface IdGenerator {
  next(): string;
}

/** Time-ordered uuid v7 ids from a CSPRNG. */
export const uuidV7Ids: IdGenerator = { next: () => uuidv7() };
