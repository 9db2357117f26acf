// Shared by the server's messages and the web screens, so every count reads the same way.
const rules = new Intl.PluralRules('en');

/** "1 row", "2 rows", "0 rows": a count with its noun in the form English wants for it. */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${count} ${rules.select(count) === 'one' ? one : other}`;
}
