/** Strings chosen to break things: injection, markup, encodings, invisible and huge characters, prototype keys. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\n\r\t',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "Robert'); DELETE FROM event_log; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%0d%0a',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '$session',
  '$user',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  'e\u0301\u0301\u0301\u0301',
  '𝕬𝖉𝖔𝖕𝖙 🧹🏘️👩‍👩‍👧‍👦',
  '\ud800',
  'Ω≈ç√∫˜µ≤≥÷',
  '١٢٣',
  '9'.repeat(40),
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '{"$ne":null}',
  '2030-02-30T25:61:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 31,
  1e-300,
];

/** Ids of real records seen so far, so generated inputs sometimes hit something that exists. */
export interface IdPools {
  /** Ids seen in answers, by what they are: a procedure's namespace (`posts`, `events`, ...) or `users`. */
  ids: Map<string, string[]>;
  lastEventIds: string[];
  /** Accounts that exist, all with the password `PASSWORD`. */
  emails: string[];
}

export const PASSWORD = 'correct horse';

type AnySchema = { _zod: { def: any }; [key: string]: any };

/**
 * Generates inputs for a procedure from its own Zod schema: mostly well-formed (so the domain code runs and
 * changes state), with hostile values mixed in at every level, and sometimes something of the wrong type entirely.
 */
export class InputFuzzer {
  constructor(
    private readonly next: () => number,
    private readonly pools: IdPools,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  private namespace = '';

  /** An input for `schema` of a procedure in `namespace` (undefined when the procedure takes none). */
  input(schema: AnySchema | undefined, namespace: string): unknown {
    this.namespace = namespace;
    if (this.chance(0.1)) return this.hostile(0);
    if (!schema) return this.chance(0.7) ? undefined : this.hostile(0);
    return this.value(schema, '', 0);
  }

  private value(schema: AnySchema, key: string, depth: number): unknown {
    if (this.chance(0.06)) return this.hostile(depth);
    const def = schema._zod.def;
    switch (def.type) {
      case 'optional':
        return this.chance(0.3) ? undefined : this.value(def.innerType, key, depth);
      case 'nullable':
        return this.chance(0.2) ? null : this.value(def.innerType, key, depth);
      case 'default':
      case 'prefault':
        return this.chance(0.3) ? undefined : this.value(def.innerType, key, depth);
      case 'pipe':
        return this.value(def.in, key, depth);
      case 'object':
        return this.object(def.shape, depth);
      case 'array':
        return this.array(schema, key, depth);
      case 'enum':
        return this.chance(0.9) ? this.pick(Object.values(def.entries)) : this.pick(NASTY_STRINGS);
      case 'literal':
        return this.chance(0.95) ? this.pick(def.values as unknown[]) : this.pick(NASTY_STRINGS);
      case 'union':
        return this.value(this.pick(def.options as AnySchema[]), key, depth);
      case 'boolean':
        return this.chance(0.9) ? this.chance(0.5) : this.pick(['true', 1, 0, null]);
      case 'number':
        return this.number(schema);
      case 'string':
        return this.string(schema, key);
      default:
        return this.hostile(depth);
    }
  }

  private object(shape: Record<string, AnySchema>, depth: number): unknown {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      if (this.chance(0.04)) continue;
      const value = this.value(field, key, depth + 1);
      if (value !== undefined) result[key] = value;
    }
    if (this.chance(0.1)) {
      // Keys that must never reach the prototype chain or the viewer: stripped or refused, never obeyed.
      const extra = this.pick(['__proto__', 'constructor', 'prototype', 'role', 'userId', 'viewer', 'audience']);
      // An own property, as JSON.parse would make it, even for `__proto__`.
      Object.defineProperty(result, extra, {
        value: { role: 'admin', polluted: true, everyone: true },
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return result;
  }

  private array(schema: AnySchema, key: string, depth: number): unknown[] {
    const checks = (schema._zod.def.checks ?? []) as {
      _zod: { def: { check: string; minimum?: number; maximum?: number } };
    }[];
    const max = checks.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum ?? 20;
    const min = checks.find((c) => c._zod.def.check === 'min_length')?._zod.def.minimum ?? 0;
    const length = this.chance(0.1)
      ? this.pick([0, max + 1, Math.max(min - 1, 0)])
      : min + Math.floor(this.next() ** 2 * Math.min(max - min + 1, 8));
    const element = schema._zod.def.element as AnySchema;
    return Array.from({ length }, () => this.value(element, key.replace(/s$/, ''), depth + 1));
  }

  private number(schema: AnySchema): unknown {
    const min = Number.isFinite(schema.minValue) ? (schema.minValue as number) : -1000;
    const max = Number.isFinite(schema.maxValue) ? (schema.maxValue as number) : 1000;
    const roll = this.next();
    if (roll < 0.6) return min + Math.floor(this.next() * (max - min + 1));
    if (roll < 0.8) return this.pick([min, max, min - 1, max + 1]);
    if (roll < 0.95) return this.pick(NASTY_NUMBERS);
    return String(min);
  }

  private string(schema: AnySchema, key: string): unknown {
    const format = schema._zod.def.format as string | undefined;
    const min = (schema.minLength as number | null) ?? 0;
    const max = (schema.maxLength as number | null) ?? 200;
    const roll = this.next();
    if (/id$/i.test(key) && roll < 0.7) {
      const kind = key === 'id' ? this.namespace : key === 'streetId' ? 'streets' : 'users';
      const known = this.pools.ids.get(kind) ?? [...this.pools.ids.values()].flat();
      if (known.length > 0) return this.pick(known);
    }
    if (key === 'lastEventId' && roll < 0.7) {
      return this.pick([...this.pools.lastEventIds, '0', '1', '999999999999999']);
    }
    if (key === 'cursor' && roll < 0.5)
      return Buffer.from(JSON.stringify([this.pick(NASTY_STRINGS), 1])).toString('base64url');
    if (format === 'email' && roll < 0.4 && this.pools.emails.length > 0) return this.pick(this.pools.emails);
    if (format === 'email' && roll < 0.7) return `fuzz-${Math.floor(this.next() * 1e9)}@example.org`;
    if (key === 'password' && roll < 0.5) return PASSWORD;
    if (format === 'datetime' && roll < 0.7) {
      return new Date(Date.UTC(2020 + Math.floor(this.next() * 20), 0, 1) + this.next() * 3e10).toISOString();
    }
    if (key === 'csv' && roll < 0.5) return this.csv();
    if (roll < 0.75) return this.text(min + Math.floor(this.next() * Math.min(max - min + 1, 64)));
    if (roll < 0.85) return this.text(this.pick([max + 1, max * 4 + 7, Math.max(min - 1, 0)]));
    return this.pick(NASTY_STRINGS);
  }

  private text(length: number): string {
    const alphabet = ['a', 'Z', '0', ' ', '-', "'", '"', '\\', '%', '_', 'é', '€', '字', '🧹', '\u200b', '\n'];
    let text = '';
    while (text.length < length) text += this.pick(alphabet);
    return text.slice(0, length);
  }

  private csv(): string {
    const rows = ['title,description,startsAt,location'];
    const count = Math.floor(this.next() * 6);
    for (let i = 0; i < count; i++) {
      const title = this.chance(0.8) ? `Clean-up ${i}` : this.pick(NASTY_STRINGS);
      const when = this.chance(0.8) ? '2031-05-01T10:00:00Z' : this.pick(NASTY_STRINGS);
      rows.push(`"${title.replace(/"/g, '""')}",desc,${when},"${this.pick(['Elm Street', '', '"', ',,,'])}"`);
    }
    return this.chance(0.9) ? rows.join('\n') : rows.join('\r\n').replace('title', this.pick(NASTY_STRINGS));
  }

  /** Something of the wrong shape: every JSON type, the values JSON cannot carry, huge and deep structures. */
  hostile(depth: number): unknown {
    const nested = (levels: number) => {
      let value: unknown = 'bottom';
      for (let i = 0; i < levels; i++) value = this.chance(0.5) ? { a: value } : [value];
      return value;
    };
    const options: (() => unknown)[] = [
      () => null,
      () => undefined,
      () => this.pick(NASTY_NUMBERS),
      () => this.pick(NASTY_STRINGS),
      () => true,
      () => [],
      () => ({}),
      () => 'x'.repeat(100_000),
      () => Array.from({ length: 5000 }, (_, i) => i),
      () => nested(depth > 0 ? 10 : 2000),
      () => JSON.parse('{"__proto__":{"polluted":true,"role":"admin"}}'),
      () => JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
      () => Object.create(null),
      () => new Date(Number.NaN),
      () => 10n,
      () => Symbol('fuzz'),
      () => () => 'a function',
      () => new Map([['id', 'x']]),
    ];
    return this.pick(options)();
  }
}
