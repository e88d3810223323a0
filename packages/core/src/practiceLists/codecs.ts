import * as t from 'io-ts';

export const ListName = t.keyof({ allowed: null, prohibited: null });
export type ListName = t.TypeOf<typeof ListName>;
