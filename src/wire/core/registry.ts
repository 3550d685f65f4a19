/**
 * Dispatch tables (STYLE.md principle 5): `bind('ip.proto', 135, 'mipv6')` lives beside the
 * protocol that owns the number. Binding a key twice is a programming error and throws at import,
 * so the first test run shows it.
 */
export class Registry<V> {
  private readonly byKey = new Map<number, V>();
  private readonly keyByValue = new Map<V, number>();

  constructor(readonly name: string) {}

  bind(key: number, value: V): void {
    if (this.byKey.has(key)) throw new Error(`${this.name}: key ${key} is bound twice`);
    this.byKey.set(key, value);
    // The first key bound for a value is the one an encoder derives (e.g. UDP 5436 for mipv6).
    if (!this.keyByValue.has(value)) this.keyByValue.set(value, key);
  }

  get(key: number): V | undefined {
    return this.byKey.get(key);
  }

  keyOf(value: V): number | undefined {
    return this.keyByValue.get(value);
  }

  entries(): [number, V][] {
    return [...this.byKey.entries()].sort((a, b) => a[0] - b[0]);
  }
}

const tables = new Map<string, Registry<string>>();

/** A named table of number → protocol id, shared across modules (`eth.type`, `ip.proto`, `udp.port`). */
export function table(name: string): Registry<string> {
  let t = tables.get(name);
  if (!t) {
    t = new Registry<string>(name);
    tables.set(name, t);
  }
  return t;
}

export function bind(tableName: string, key: number, protocol: string): void {
  table(tableName).bind(key, protocol);
}

export function allTables(): ReadonlyMap<string, Registry<string>> {
  return tables;
}
