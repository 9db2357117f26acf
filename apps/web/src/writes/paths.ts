import type { RouterInputs, RouterOutputs } from '@adopt/api';

type Paths<T> = { [R in keyof T & string]: { [P in keyof T[R] & string]: `${R}.${P}` }[keyof T[R] & string] }[keyof T &
  string];

/** A tRPC procedure path (`posts.create`). */
export type ProcedurePath = Paths<RouterInputs>;

export type InputOf<P extends ProcedurePath> = P extends `${infer R extends keyof RouterInputs}.${infer Q}`
  ? Q extends keyof RouterInputs[R]
    ? RouterInputs[R][Q]
    : never
  : never;

export type OutputOf<P extends ProcedurePath> = P extends `${infer R extends keyof RouterOutputs}.${infer Q}`
  ? Q extends keyof RouterOutputs[R]
    ? RouterOutputs[R][Q]
    : never
  : never;

/** What every write remembers of the moment the person acted: who they are and when, plus what a rule needs. */
export interface Seen {
  by: string;
  at: string;
  /** What the action is about, as the person knows it ("“Paint the bench”"), for a refusal to name it. */
  what?: string;
  [field: string]: unknown;
}
