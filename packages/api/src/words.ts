// Shared by the server's messages and the web screens, so every count reads the same way.
// English has two forms, and only ±1 takes the singular (what Intl.PluralRules('en') says, without
// paging in ICU's plural data: 1.9 MB of the server's idle RSS, `pnpm bench --footprint`).
const isSingular = (count: number) => Math.abs(count) === 1;

/** "1 row", "2 rows", "0 rows": a count with its noun in the form English wants for it. */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${count} ${isSingular(count) ? one : other}`;
}
