// Compiling a zod schema into a walking plan, once per schema instance (docs/concepts.md "Paths
// and types"). The plan knows every zod 4 container or refuses it: a tag anywhere inside
// something the plan cannot follow is SCHEMA_INVALID, never "untagged". Options of a union (and
// the two sides of an intersection or a pipe) are merged into one plan, so a location is
// protected at the highest level any option gives it, whatever option a value takes.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import type { Kind } from './kinds.js';
import { LEVELS, type Level, levelRank } from './levels.js';
import { patternKey } from './paths.js';
import { type PiiTag, piiRegistry } from './registry.js';

/** One field of a schema as {@link classify} reports it. */
export interface ClassifiedField {
  /** Pattern path (docs/concepts.md): `recipient.phone`, `items[].name`, `tags{}`, `pair[0]`, `byEmail{key}`. */
  path: string;
  /** Level; untagged leaves are `internal`, properties an object admits without naming them `sensitive`. */
  level: Level;
  /** Kind, or `untagged` for a leaf without a tag. */
  kind: Kind | 'untagged';
  /** The nearest enclosing subject role, if any. */
  subject?: string;
  /** Field retention (ISO-8601 duration), if tagged with one. */
  retention?: string;
  /**
   * Set on the properties an object admits without naming them (`looseObject`, `passthrough`, an
   * untagged `catchall`): the schema says nothing about them, so they are treated as sensitive.
   */
  undescribed?: true;
}

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

/** @internal */
export interface LeafNode {
  readonly t: 'leaf';
  readonly path: string;
  readonly field: ClassifiedField;
  /** levelRank of the field. */
  readonly rank: number;
  /** Whether the leaf protects its whole value: tagged, or undescribed. */
  readonly whole: boolean;
  readonly tagged: boolean;
  readonly roles: ReadonlySet<string | undefined>;
}
/** @internal */
export interface ObjectNode {
  readonly t: 'object';
  readonly path: string;
  readonly keys: Map<string, Node>;
  /** Values of the keys the shape does not name: a record's values or a tagged catchall. */
  readonly rest: Node | undefined;
  /** The keys of a record, when its key schema is tagged. */
  readonly restKey: LeafNode | undefined;
  /** Whether unnamed keys are admitted (loose, passthrough, untagged catchall) as `other`. */
  readonly admits: boolean;
  /** The undescribed field `path{}` for unnamed keys. */
  readonly other: LeafNode;
  readonly rank: number;
  readonly tagged: boolean;
  readonly roles: ReadonlySet<string | undefined>;
}
/** @internal */
export interface ListNode {
  readonly t: 'list';
  readonly path: string;
  /** The subject in effect where the container sits. */
  readonly subject: string | undefined;
  /** Fixed positions of a tuple (empty for an array). */
  readonly items: readonly Node[];
  /** Every other position: an array's items or a tuple's rest. */
  readonly rest: Node | undefined;
  readonly rank: number;
  readonly tagged: boolean;
  readonly roles: ReadonlySet<string | undefined>;
}
/** @internal */
export interface MapNode {
  readonly t: 'map';
  readonly path: string;
  /** The subject in effect where the container sits. */
  readonly subject: string | undefined;
  readonly key: LeafNode | undefined;
  readonly value: Node;
  readonly rank: number;
  readonly tagged: boolean;
  readonly roles: ReadonlySet<string | undefined>;
}
/** @internal */
export interface SetNode {
  readonly t: 'set';
  readonly path: string;
  /** The subject in effect where the container sits. */
  readonly subject: string | undefined;
  readonly item: Node;
  readonly rank: number;
  readonly tagged: boolean;
  readonly roles: ReadonlySet<string | undefined>;
}
/** Options of different shapes at one location; the value's shape picks one. @internal */
export interface ChoiceNode {
  readonly t: 'choice';
  readonly path: string;
  /** The subject in effect where the container sits. */
  readonly subject: string | undefined;
  readonly leaf: LeafNode | undefined;
  readonly object: ObjectNode | undefined;
  readonly list: ListNode | undefined;
  readonly map: MapNode | undefined;
  readonly set: SetNode | undefined;
  readonly rank: number;
  readonly tagged: boolean;
  readonly roles: ReadonlySet<string | undefined>;
}
/** @internal */
export type Node = LeafNode | ObjectNode | ListNode | MapNode | SetNode | ChoiceNode;
type Container = ObjectNode | ListNode | MapNode | SetNode;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);
/** Types with no schema inside (or, for success, whose output is only true or false). */
const PLAIN = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'symbol',
  'null',
  'undefined',
  'void',
  'never',
  'any',
  'unknown',
  'date',
  'enum',
  'literal',
  'file',
  'nan',
  'custom',
  'transform',
  'success',
]);

function invalid(message: string): PiiError {
  return new PiiError('SCHEMA_INVALID', message);
}

function defOf(s: unknown): Def {
  const d = (s as { _zod?: { def?: Def } } | null)?._zod?.def;
  if (!d || typeof d.type !== 'string') {
    throw invalid('Expected a zod v4 schema (courier-pii needs zod >= 4).');
  }
  return d;
}

function isSchema(v: unknown): v is AnySchema {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { _zod?: { def?: { type?: unknown } } })._zod?.def?.type === 'string'
  );
}

const NO_ROLES: ReadonlySet<string | undefined> = new Set();
function rolesOf(...nodes: Array<Node | undefined>): ReadonlySet<string | undefined> {
  const out = new Set<string | undefined>();
  for (const n of nodes) if (n) for (const r of n.roles) out.add(r);
  return out.size === 0 ? NO_ROLES : out;
}

function leafNode(field: ClassifiedField, whole: boolean): LeafNode {
  Object.freeze(field);
  return {
    t: 'leaf',
    path: field.path,
    field,
    rank: levelRank(field.level),
    whole,
    tagged: field.kind !== 'untagged' || field.undescribed === true,
    roles: new Set([field.subject]),
  };
}

function untagged(path: string, subject: string | undefined): LeafNode {
  const f: ClassifiedField = { path, level: 'internal', kind: 'untagged' };
  if (subject !== undefined) f.subject = subject;
  return leafNode(f, false);
}

function undescribed(path: string, subject: string | undefined): LeafNode {
  const f: ClassifiedField = { path, level: 'sensitive', kind: 'untagged', undescribed: true };
  if (subject !== undefined) f.subject = subject;
  return leafNode(f, true);
}

/**
 * The highest level rank of any tag in a schema, or -1 without one; follows every schema a def
 * holds (shapes, getters, options, parts ...), so it also sees into containers the plan does
 * not know. Cycles are cut.
 */
function tagRank(s: AnySchema, seen: Set<AnySchema>): number {
  if (seen.has(s)) return -1;
  seen.add(s);
  const tag = piiRegistry.get(s)?.tag;
  let best = tag ? levelRank(tag.level) : -1;
  const d = defOf(s);
  const visit = (v: unknown): void => {
    if (isSchema(v)) best = Math.max(best, tagRank(v, seen));
    else if (Array.isArray(v)) for (const x of v) visit(x);
  };
  for (const k of Object.keys(d)) {
    if (k === 'getter' && typeof d.getter === 'function') visit((d.getter as () => unknown)());
    else if (k === 'shape' && typeof d.shape === 'object' && d.shape !== null) {
      const shape = d.shape as Record<string, unknown>;
      for (const key of Object.keys(shape)) visit(shape[key]);
    } else visit(d[k]);
  }
  return best;
}

function holdsTag(s: AnySchema): boolean {
  return tagRank(s, new Set()) >= 0;
}

/** A tagged schema is one leaf; a container tagged as a whole is never below what it holds. */
function taggedLeaf(s: AnySchema, tag: PiiTag, path: string, subject: string | undefined): LeafNode {
  const below = tagRank(s, new Set());
  const level = LEVELS[Math.max(levelRank(tag.level), below)]!;
  const f: ClassifiedField = { path, level, kind: tag.kind };
  if (subject !== undefined) f.subject = subject;
  if (tag.retention !== undefined) f.retention = tag.retention;
  return leafNode(f, true);
}

function join(p: string, k: string): string {
  return p === '' ? patternKey(k) : `${p}.${patternKey(k)}`;
}
const at = (p: string): string => (p === '' ? '$' : p);

/** Builds the plan of `s` at pattern path `path`; `stack` holds the schemas being built (recursion). */
export function build(s: AnySchema, path: string, subject: string | undefined, stack: Set<AnySchema>): Node {
  const d = defOf(s);
  const meta = piiRegistry.get(s);
  if (meta?.subject !== undefined) subject = meta.subject;
  if (meta?.tag) return taggedLeaf(s, meta.tag, at(path), subject);
  if (stack.has(s)) {
    if (holdsTag(s))
      throw invalid(
        `The recursive schema at ${at(path)} holds tagged fields, which have no finite list of paths: tag the recursive field as a whole with pii.tag(...).`,
      );
    return untagged(at(path), subject);
  }
  stack.add(s);
  try {
    return buildDef(s, d, path, subject, stack);
  } finally {
    stack.delete(s);
  }
}

function buildDef(
  s: AnySchema,
  d: Def,
  path: string,
  subject: string | undefined,
  stack: Set<AnySchema>,
): Node {
  const sub = (x: unknown, p: string): Node => build(x as AnySchema, p, subject, stack);
  const type = d.type;
  if (WRAPPERS.has(type)) return sub(d.innerType, path);
  switch (type) {
    case 'lazy': {
      // Collapsed when it holds no tag, as before lazy schemas were followed (stable digests).
      const n = sub((d.getter as () => unknown)(), path);
      return n.tagged ? n : untagged(at(path), subject);
    }
    case 'object':
      return objectNode(d, path, subject, sub);
    case 'array': {
      const item = sub(d.element, `${path}[]`);
      return list(path, [], item, subject);
    }
    case 'tuple': {
      const items = (d.items as unknown[]).map((x, i) => sub(x, `${path}[${i}]`));
      const rest = d.rest ? sub(d.rest, `${path}[]`) : undefined;
      const n = list(path, items, rest, subject);
      return n.tagged ? n : untagged(at(path), subject);
    }
    case 'record': {
      const key = keyLeaf(sub(d.keyType, `${path}{key}`));
      const value = sub(d.valueType, `${path}{}`);
      return object(path, new Map(), value, key, false, subject);
    }
    case 'map': {
      const key = keyLeaf(sub(d.keyType, `${path}{key}`));
      const value = sub(d.valueType, `${path}{}`);
      if (!key && !value.tagged) return untagged(at(path), subject);
      return { t: 'map', path, subject, key, value, ...stats(key, value) };
    }
    case 'set': {
      const item = sub(d.valueType, `${path}[]`);
      if (!item.tagged) return untagged(at(path), subject);
      return { t: 'set', path, subject, item, ...stats(item) };
    }
    case 'union': {
      const options = d.options as unknown[];
      if (options.length === 0) return untagged(at(path), subject);
      let n = sub(options[0], path);
      for (let i = 1; i < options.length; i++) n = merge(n, sub(options[i], path));
      return n;
    }
    case 'intersection':
      return merge(sub(d.left, path), sub(d.right, path));
    case 'pipe': {
      const input = sub(d.in, path);
      const output = sub(d.out, path);
      if (!input.tagged) return output.tagged ? output : input;
      if (input.t !== 'leaf' && output.t === 'leaf' && !output.whole)
        throw invalid(
          `The pipe or transform at ${at(path)} turns tagged fields into a value the schema does not describe: describe its output with .pipe(z.object(...)) or tag it with pii.tag(...).`,
        );
      return merge(input, output);
    }
    case 'template_literal':
      if (holdsTag(s))
        throw invalid(
          `The template literal at ${at(path)} contains a tagged part: tag the template literal as a whole with pii.tag(...).`,
        );
      return untagged(at(path), subject);
    default:
      if (PLAIN.has(type) || !holdsTag(s)) return untagged(at(path), subject);
      // promise, function, and any zod type added after this version
      throw invalid(
        `The zod ${type} schema at ${at(path)} holds tagged fields but its values cannot be walked field by field: tag it as a whole with pii.tag(...) or restructure it.`,
      );
  }
}

/** The key of a record or map: one leaf, reported only when tagged. */
function keyLeaf(n: Node): LeafNode | undefined {
  if (n.t !== 'leaf') {
    if (n.tagged)
      throw invalid(`The keys at ${at(n.path)} must be tagged as a whole (pii.tag on the key schema).`);
    return undefined;
  }
  return n.tagged ? n : undefined;
}

function objectNode(
  d: Def,
  path: string,
  subject: string | undefined,
  sub: (x: unknown, p: string) => Node,
): ObjectNode {
  const shape = d.shape as Record<string, unknown>;
  const keys = new Map<string, Node>();
  for (const k of Object.keys(shape)) keys.set(k, sub(shape[k], join(path, k)));
  let rest: Node | undefined;
  let admits = false;
  const catchall = d.catchall;
  if (catchall !== undefined && defOf(catchall).type !== 'never') {
    const c = sub(catchall, `${path}{}`);
    // A catchall without a tag says nothing about the keys it admits: they are undescribed.
    if (c.tagged) rest = c;
    else admits = true;
  }
  return object(path, keys, rest, undefined, admits, subject);
}

function stats(...nodes: Array<Node | undefined>): {
  rank: number;
  tagged: boolean;
  roles: ReadonlySet<string | undefined>;
} {
  let rank = -1;
  let tagged = false;
  for (const n of nodes) {
    if (!n) continue;
    rank = Math.max(rank, n.rank);
    tagged ||= n.tagged;
  }
  return { rank, tagged, roles: rolesOf(...nodes) };
}

function object(
  path: string,
  keys: Map<string, Node>,
  rest: Node | undefined,
  restKey: LeafNode | undefined,
  admits: boolean,
  subject: string | undefined,
): ObjectNode {
  const other = undescribed(`${path}{}`, subject);
  const s = stats(...keys.values(), rest, restKey, admits ? other : undefined);
  return { t: 'object', path, keys, rest, restKey, admits, other, ...s };
}

function list(path: string, items: Node[], rest: Node | undefined, subject: string | undefined): ListNode {
  return { t: 'list', path, subject, items, rest, ...stats(...items, rest) };
}

// ---------------------------------------------------------------------------------------------
// Merging two plans of one location (union options, intersection sides, pipe input and output)

function sameRoles(a: Node, b: Node): void {
  const roles = rolesOf(a, b);
  if (roles.size > 1)
    throw invalid(
      `The options of the union, intersection or pipe at ${at(a.path)} put its fields under different subjects (${[
        ...roles,
      ]
        .map((r) => r ?? 'the record')
        .join(', ')}): give each location one subject role.`,
    );
}

function mergeLeaves(a: LeafNode, b: LeafNode): LeafNode {
  if (a.field.subject !== b.field.subject) sameRoles(a, b);
  // the higher level wins; on a tie a tag beats no tag, then the first option
  const pick =
    b.rank > a.rank || (b.rank === a.rank && a.field.kind === 'untagged' && b.field.kind !== 'untagged')
      ? b
      : a;
  const whole = a.whole || b.whole;
  if (pick === a && whole === a.whole) return a;
  return leafNode({ ...pick.field, path: a.field.path }, whole);
}

/** A leaf that protects its whole value absorbs whatever else the location may hold. */
function absorb(leaf: LeafNode, other: Node): LeafNode {
  sameRoles(leaf, other);
  if (other.rank <= leaf.rank) return leaf;
  return leafNode({ ...leaf.field, level: LEVELS[other.rank]! }, true);
}

/** The subject in effect at a node's location. @internal */
export function subjectAt(n: Node): string | undefined {
  switch (n.t) {
    case 'leaf':
      return n.field.subject;
    case 'object':
      return n.other.field.subject;
    default:
      return n.subject;
  }
}

function slotOf(n: Container): 'object' | 'list' | 'map' | 'set' {
  return n.t;
}

/** Merges two plans of the same location. @internal */
export function merge(a: Node, b: Node): Node {
  if (a.t === 'leaf' && b.t === 'leaf') return mergeLeaves(a, b);
  if (a.t === 'leaf' && a.whole) return absorb(a, b);
  if (b.t === 'leaf' && b.whole) return absorb(b, a);
  if (a.t === 'choice' || b.t === 'choice' || a.t === 'leaf' || b.t === 'leaf' || a.t !== b.t) {
    return choice(a, b);
  }
  switch (a.t) {
    case 'object':
      return mergeObjects(a, b as ObjectNode);
    case 'list':
      return mergeLists(a, b as ListNode);
    case 'map': {
      const m = b as MapNode;
      const key = a.key && m.key ? (mergeLeaves(a.key, m.key) as LeafNode) : (a.key ?? m.key);
      const value = merge(a.value, m.value);
      return { t: 'map', path: a.path, subject: a.subject, key, value, ...stats(key, value) };
    }
    case 'set': {
      const item = merge(a.item, (b as SetNode).item);
      return { t: 'set', path: a.path, subject: a.subject, item, ...stats(item) };
    }
  }
}

function choice(a: Node, b: Node): Node {
  const slots: {
    leaf?: LeafNode;
    object?: ObjectNode;
    list?: ListNode;
    map?: MapNode;
    set?: SetNode;
  } = {};
  let whole: LeafNode | undefined;
  const add = (n: Node): void => {
    if (n.t === 'choice') {
      for (const x of [n.leaf, n.object, n.list, n.map, n.set]) if (x) add(x);
      return;
    }
    if (n.t === 'leaf') {
      slots.leaf = slots.leaf ? mergeLeaves(slots.leaf, n) : n;
      if (slots.leaf.whole) whole = slots.leaf;
      return;
    }
    const k = slotOf(n);
    const prev = slots[k] as Node | undefined;
    (slots as Record<string, Node>)[k] = prev ? merge(prev, n) : n;
  };
  add(a);
  add(b);
  const parts = [slots.leaf, slots.object, slots.list, slots.map, slots.set];
  if (whole) {
    let out: LeafNode = whole;
    for (const p of parts) if (p && p !== whole) out = absorb(out, p);
    return out;
  }
  const present = parts.filter((p): p is NonNullable<typeof p> => p !== undefined);
  if (present.length === 1) return present[0]!;
  return {
    t: 'choice',
    path: a.path,
    subject: subjectAt(a),
    leaf: slots.leaf,
    object: slots.object,
    list: slots.list,
    map: slots.map,
    set: slots.set,
    ...stats(...present),
  };
}

function mergeObjects(a: ObjectNode, b: ObjectNode): ObjectNode {
  // A key one option names and the other does not is, under the other, a rest value, an
  // undescribed property, or stripped: merge with what the other option would do with it.
  const unnamed = (o: ObjectNode): Node | undefined => o.rest ?? (o.admits ? o.other : undefined);
  const keys = new Map<string, Node>();
  for (const [k, n] of a.keys) {
    const m = b.keys.get(k) ?? unnamed(b);
    keys.set(k, m ? merge(n, m) : n);
  }
  for (const [k, n] of b.keys) {
    if (keys.has(k)) continue;
    // the named plan first: its path is the key's
    const m = unnamed(a);
    keys.set(k, m ? merge(n, m) : n);
  }
  let rest: Node | undefined;
  if (a.rest && b.rest) rest = merge(a.rest, b.rest);
  else if (a.rest) rest = b.admits ? merge(a.rest, b.other) : a.rest;
  else if (b.rest) rest = a.admits ? merge(a.other, b.rest) : b.rest;
  const restKey =
    a.restKey && b.restKey ? (mergeLeaves(a.restKey, b.restKey) as LeafNode) : (a.restKey ?? b.restKey);
  const admits = rest === undefined && (a.admits || b.admits);
  // the undescribed properties belong to the subject of an option that admits them
  if (a.admits && b.admits && a.other.field.subject !== b.other.field.subject) sameRoles(a.other, b.other);
  const owner = a.admits || !b.admits ? a.other : b.other;
  return object(a.path, keys, rest, restKey, admits, owner.field.subject);
}

function mergeLists(a: ListNode, b: ListNode): ListNode {
  const n = Math.max(a.items.length, b.items.length);
  const items: Node[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.items[i];
    const y = b.items[i];
    // a position one option lists as a tuple item and the other covers by its rest (or does not
    // allow at all): merged with the rest, under the tuple position's path `p[i]`
    if (x && y) items.push(merge(x, y));
    else if (x) items.push(b.rest ? merge(x, b.rest) : x);
    else items.push(a.rest ? merge(y!, a.rest) : y!);
  }
  // an array's item path is `p[]`, a tuple's positions `p[0]`: the first option's path is kept
  const rest = a.rest && b.rest ? merge(a.rest, b.rest) : (a.rest ?? b.rest);
  return list(a.path, items, rest, a.subject);
}
