// Compiling a zod schema into a walking plan, once per schema instance (docs/concepts.md "Paths
// and types"). The plan knows every zod 4 container or refuses it: a tag anywhere inside
// something the plan cannot follow is SCHEMA_INVALID, never "untagged". Options of a union (and
// the two sides of an intersection or a pipe) are merged into one plan (plan-merge.ts), so a
// location is protected at the highest level any option gives it, whatever option a value takes.
import type * as z from 'zod';
import { LEVELS, levelRank } from './levels.js';
import { patternKey } from './paths.js';
import { merge } from './plan-merge.js';
import {
  at,
  type ClassifiedField,
  invalid,
  type LeafNode,
  leafNode,
  list,
  type Node,
  type ObjectNode,
  object,
  stats,
  untagged,
} from './plan-nodes.js';
import { type PiiTag, piiRegistry } from './registry.js';

export type { ClassifiedField } from './plan-nodes.js';

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

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
  if (tag.onSeal !== undefined) f.onSeal = tag.onSeal;
  return leafNode(f, true, [s]);
}

function join(p: string, k: string): string {
  return p === '' ? patternKey(k) : `${p}.${patternKey(k)}`;
}

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
    return untagged(at(path), subject, s);
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
  // a wrapper (or a pipe, below) around a leaf makes the value stored there: its schema describes it
  if (WRAPPERS.has(type)) return outputOf(sub(d.innerType, path), s);
  switch (type) {
    case 'lazy': {
      // Collapsed when it holds no tag, as before lazy schemas were followed (stable digests).
      const n = sub((d.getter as () => unknown)(), path);
      return n.tagged ? n : untagged(at(path), subject, s);
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
      return n.tagged ? n : untagged(at(path), subject, s);
    }
    case 'record': {
      const key = keyLeaf(sub(d.keyType, `${path}{key}`));
      const value = sub(d.valueType, `${path}{}`);
      return object(path, new Map(), value, key, false, subject);
    }
    case 'map': {
      const key = keyLeaf(sub(d.keyType, `${path}{key}`));
      const value = sub(d.valueType, `${path}{}`);
      if (!key && !value.tagged) return untagged(at(path), subject, s);
      return { t: 'map', path, subject, key, value, ...stats(key, value) };
    }
    case 'set': {
      const item = sub(d.valueType, `${path}[]`);
      if (!item.tagged) return untagged(at(path), subject, s);
      return { t: 'set', path, subject, item, ...stats(item) };
    }
    case 'union': {
      const options = d.options as unknown[];
      if (options.length === 0) return untagged(at(path), subject, s);
      let n = sub(options[0], path);
      for (let i = 1; i < options.length; i++) n = merge(n, sub(options[i], path));
      return n;
    }
    case 'intersection':
      return merge(sub(d.left, path), sub(d.right, path));
    case 'pipe': {
      const input = sub(d.in, path);
      const output = sub(d.out, path);
      if (!input.tagged) return outputOf(output.tagged ? output : input, s);
      if (input.t !== 'leaf' && output.t === 'leaf' && !output.whole)
        throw invalid(
          `The pipe or transform at ${at(path)} turns tagged fields into a value the schema does not describe: describe its output with .pipe(z.object(...)) or tag it with pii.tag(...).`,
        );
      return outputOf(merge(input, output), s);
    }
    case 'template_literal':
      if (holdsTag(s))
        throw invalid(
          `The template literal at ${at(path)} contains a tagged part: tag the template literal as a whole with pii.tag(...).`,
        );
      return untagged(at(path), subject, s);
    default:
      if (PLAIN.has(type) || !holdsTag(s)) return untagged(at(path), subject, s);
      // promise, function, and any zod type added after this version
      throw invalid(
        `The zod ${type} schema at ${at(path)} holds tagged fields but its values cannot be walked field by field: tag it as a whole with pii.tag(...) or restructure it.`,
      );
  }
}

/** A leaf made by wrapper or pipe `s`: what it holds is the output of `s`. */
function outputOf(n: Node, s: AnySchema): Node {
  if (n.t !== 'leaf' || n.schemas === null) return n;
  return { ...n, schemas: [s] };
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

const plans = new WeakMap<AnySchema, Node>();

/** The compiled plan of a schema, built once per schema instance. @internal */
export function planOf(schema: AnySchema): Node {
  let p = plans.get(schema);
  if (!p) {
    p = build(schema, '', undefined, new Set());
    plans.set(schema, p);
  }
  return p;
}
