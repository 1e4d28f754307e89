/**
 * The shape of a JSON-LD credential: what jsonld.js's output depends on other than the leaf
 * values. Keys (in order), nesting, array lengths, value kinds, the values of `@context`,
 * `type`/`@type`, `@language` and `@direction`, booleans, null and non-integer numbers are part
 * of the shape; every other string and every safe integer is a leaf, listed in document order.
 */

/** A leaf value: any string, or a safe integer (jsonld writes it with toFixed(0)). */
export type Leaf = string | number;

export interface Shape {
  /** Identifies the shape; equal keys mean equal structure. */
  key: string;
  leaves: Leaf[];
}

// Values under these keys change how jsonld.js expands the rest (type-scoped contexts,
// language and direction of literals, the contexts themselves): they belong to the shape.
const STRUCTURAL_KEYS = new Set(['@context', 'type', '@type', '@language', '@direction']);
const MAX_DEPTH = 24;
const MAX_NODES = 4_000;

interface Walk { key: string; leaves: Leaf[]; nodes: number }

class NotPlainJson extends Error {}

/**
 * The shape of `document`, or undefined when it is not plain JSON the fast path can
 * reason about (undefined values, class instances, non-finite numbers, `__proto__` keys,
 * a nested `@context`, too deep or too large): the caller then takes the stock path.
 */
export function shapeOf(document: unknown): Shape | undefined {
  const walk: Walk = { key: '', leaves: [], nodes: 0 };
  try {
    visit(document, '', 0, walk);
  } catch (error) {
    if (error instanceof NotPlainJson) return undefined;
    throw error;
  }
  return { key: walk.key, leaves: walk.leaves };
}

function visit(value: unknown, parentKey: string, depth: number, walk: Walk): void {
  if (++walk.nodes > MAX_NODES || depth > MAX_DEPTH) throw new NotPlainJson();
  const structural = STRUCTURAL_KEYS.has(parentKey);
  if (typeof value === 'string') {
    if (structural) walk.key += `c${value.length}:${value}`;
    else {
      walk.key += 's';
      walk.leaves.push(value);
    }
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotPlainJson();
    if (!structural && Number.isSafeInteger(value)) {
      walk.key += 'i';
      walk.leaves.push(value);
    } else walk.key += `c${JSON.stringify(value)}`;
  } else if (typeof value === 'boolean' || value === null) {
    walk.key += `c${String(value)}`;
  } else if (Array.isArray(value)) {
    walk.key += '[';
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new NotPlainJson(); // holes
      visit(value[i], parentKey, depth + 1, walk);
    }
    walk.key += ']';
  } else if (isPlainObject(value)) {
    walk.key += '{';
    for (const key of Object.keys(value)) {
      if (key === '__proto__' || (key === '@context' && depth > 0)) throw new NotPlainJson();
      walk.key += `${key.length}:${key}`;
      visit(value[key], key, depth + 1, walk);
      walk.key += ',';
    }
    walk.key += '}';
  } else {
    throw new NotPlainJson();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `document` whose leaves (in shapeOf order) are replaced by `leafAt(i, original)`.
 * Only call on a document shapeOf accepted.
 */
export function replaceLeaves(document: unknown, leafAt: (index: number, original: Leaf) => Leaf): unknown {
  let index = 0;
  const copy = (value: unknown, parentKey: string): unknown => {
    const structural = STRUCTURAL_KEYS.has(parentKey);
    if (typeof value === 'string') return structural ? value : leafAt(index++, value);
    if (typeof value === 'number') return !structural && Number.isSafeInteger(value) ? leafAt(index++, value) : value;
    if (Array.isArray(value)) return value.map((item) => copy(item, parentKey));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], key);
      return out;
    }
    return value;
  };
  return copy(document, '');
}

/** Deep copy of plain JSON (what shapeOf accepted); faster than structuredClone here. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = cloneJson((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}

/**
 * The structure behind a shape key, to recognise a document of a recent shape without
 * building its key: same keys in the same order, same array lengths, same constants, leaves
 * of the same kind. A match gives exactly what shapeOf gives (same key string, same leaves).
 */
type ShapeNode =
  | { kind: 'string' }
  | { kind: 'integer' }
  | { kind: 'constant'; value: unknown }
  | { kind: 'array'; items: ShapeNode[] }
  | { kind: 'object'; keys: string[]; values: ShapeNode[] };

function shapeNode(value: unknown, parentKey: string): ShapeNode {
  const structural = STRUCTURAL_KEYS.has(parentKey);
  if (typeof value === 'string') return structural ? { kind: 'constant', value } : { kind: 'string' };
  if (typeof value === 'number') return !structural && Number.isSafeInteger(value) ? { kind: 'integer' } : { kind: 'constant', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map((item) => shapeNode(item, parentKey)) };
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return { kind: 'object', keys, values: keys.map((key) => shapeNode((value as Record<string, unknown>)[key], key)) };
  }
  return { kind: 'constant', value };
}

function matches(node: ShapeNode, value: unknown, leaves: Leaf[]): boolean {
  switch (node.kind) {
    case 'string':
      if (typeof value !== 'string') return false;
      leaves.push(value);
      return true;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
      leaves.push(value);
      return true;
    case 'constant':
      // Constants are strings, finite numbers, booleans and null: === is shapeOf's equality.
      return value === node.value;
    case 'array': {
      if (!Array.isArray(value) || value.length !== node.items.length) return false;
      for (let i = 0; i < value.length; i++) if (!(i in value) || !matches(node.items[i]!, value[i], leaves)) return false;
      return true;
    }
    case 'object': {
      if (!isPlainObject(value)) return false;
      // for-in visits own enumerable string keys in Object.keys order, then inherited ones
      // (none on a plain object unless Object.prototype was polluted: then the count differs).
      let i = 0;
      for (const key in value) {
        if (key !== node.keys[i] || !Object.hasOwn(value, key) || !matches(node.values[i]!, value[key], leaves)) return false;
        i++;
      }
      return i === node.keys.length;
    }
  }
}

/**
 * shapeOf with a memory of the last few shapes (most recent first): a document of one of
 * them is matched against its structure, and gets the very key string already in the
 * template cache (hashed once). Bounded; any other document goes through shapeOf.
 */
export class ShapeCache {
  private recent: { key: string; root: ShapeNode }[] = [];

  constructor(private readonly size = 8) {}

  of(document: unknown): Shape | undefined {
    for (let i = 0; i < this.recent.length; i++) {
      const entry = this.recent[i]!;
      const leaves: Leaf[] = [];
      if (!matches(entry.root, document, leaves)) continue;
      if (i > 0) this.recent = [entry, ...this.recent.slice(0, i), ...this.recent.slice(i + 1)];
      return { key: entry.key, leaves };
    }
    const shape = shapeOf(document);
    if (!shape) return undefined;
    this.recent = [{ key: shape.key, root: shapeNode(document, '') }, ...this.recent].slice(0, this.size);
    return shape;
  }
}
