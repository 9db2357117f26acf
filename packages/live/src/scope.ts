/** What a scoped subscription asks for: e.g. `{ postId: 'p1' }` hears only that post's comments. */
export type Scope = Readonly<Record<string, string>>;

/** A log row's serialised scope, parsed once per event however many subscribers check it. */
export function parseScope(serialised: string | null | undefined): Record<string, unknown> {
  return serialised ? (JSON.parse(serialised) as Record<string, unknown>) : {};
}

/** Whether an event with this scope belongs to the subscription's scope; a subscription with none takes all. */
export function inScope(wanted: Scope | null, scope: Record<string, unknown>): boolean {
  if (wanted === null) return true;
  return Object.entries(wanted).every(([field, value]) => scope[field] === value);
}
