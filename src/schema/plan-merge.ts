// Merging two plans of one location: the options of a union, the two sides of an intersection
// or of a pipe. A location gets the highest level any of them gives it (docs/concepts.md,
// "Paths and types"), so it is protected whatever option a value takes.
import { LEVELS } from './levels.js';
import {
  at,
  type Container,
  invalid,
  type LeafNode,
  type ListNode,
  leafNode,
  list,
  type MapNode,
  type Node,
  type ObjectNode,
  object,
  rolesOf,
  type SetNode,
  stats,
  subjectAt,
} from './plan-nodes.js';

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

function sameList<T>(a: readonly T[] | null, b: readonly T[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** @internal */
export function mergeLeaves(a: LeafNode, b: LeafNode): LeafNode {
  if (a.field.subject !== b.field.subject) sameRoles(a, b);
  // the higher level wins; on a tie a tag beats no tag, then the first option
  const pick =
    b.rank > a.rank || (b.rank === a.rank && a.field.kind === 'untagged' && b.field.kind !== 'untagged')
      ? b
      : a;
  const whole = a.whole || b.whole;
  // a value here is the output of any option's schema
  const schemas =
    a.schemas === null || b.schemas === null ? null : [...new Set([...a.schemas, ...b.schemas])];
  if (pick === a && whole === a.whole && sameList(schemas, a.schemas)) return a;
  return leafNode({ ...pick.field, path: a.field.path }, whole, schemas);
}

/** A leaf that protects its whole value absorbs whatever else the location may hold. */
/** @internal */
export function absorb(leaf: LeafNode, other: Node): LeafNode {
  sameRoles(leaf, other);
  // what the other option holds is sealed here whole, and no leaf schema describes it
  if (other.rank <= leaf.rank && leaf.schemas === null) return leaf;
  return leafNode({ ...leaf.field, level: LEVELS[Math.max(other.rank, leaf.rank)]! }, true, null);
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
