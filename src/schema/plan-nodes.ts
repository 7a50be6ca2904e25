// The compiled walking plan of a schema: its node types and how they are made (see plan.ts for
// compiling a schema, plan-merge.ts for merging two plans of one location).
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import type { Kind } from './kinds.js';
import { type Level, levelRank } from './levels.js';

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
  /**
   * Free text sealed with its redaction in clear (`pii.freeText({ onSeal: 'redact' })`): the
   * vault stores `{ redacted, sealed }` here. Not part of the derived schema id.
   */
  onSeal?: 'redact';
}

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
  /**
   * The schemas whose parse output a value here is (any of them: the options of a union, the
   * wrapper or pipe around a tag), for the vault's check of opened values (crypto/leaf-check.ts);
   * null when nothing describes it (an undescribed property, a whole leaf absorbing a container).
   */
  readonly schemas: readonly z.core.$ZodType[] | null;
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
/** @internal */
export type Container = ObjectNode | ListNode | MapNode | SetNode;

/** @internal */
export function invalid(message: string): PiiError {
  return new PiiError('SCHEMA_INVALID', message);
}

const NO_ROLES: ReadonlySet<string | undefined> = new Set();
/** @internal */
export function rolesOf(...nodes: Array<Node | undefined>): ReadonlySet<string | undefined> {
  const out = new Set<string | undefined>();
  for (const n of nodes) if (n) for (const r of n.roles) out.add(r);
  return out.size === 0 ? NO_ROLES : out;
}

/** @internal */
export function leafNode(
  field: ClassifiedField,
  whole: boolean,
  schemas: readonly z.core.$ZodType[] | null,
): LeafNode {
  Object.freeze(field);
  return {
    schemas,
    t: 'leaf',
    path: field.path,
    field,
    rank: levelRank(field.level),
    whole,
    tagged: field.kind !== 'untagged' || field.undescribed === true,
    roles: new Set([field.subject]),
  };
}

/** @internal */
export function untagged(path: string, subject: string | undefined, schema: z.core.$ZodType): LeafNode {
  const f: ClassifiedField = { path, level: 'internal', kind: 'untagged' };
  if (subject !== undefined) f.subject = subject;
  return leafNode(f, false, [schema]);
}

/** @internal */
export function undescribed(path: string, subject: string | undefined): LeafNode {
  const f: ClassifiedField = { path, level: 'sensitive', kind: 'untagged', undescribed: true };
  if (subject !== undefined) f.subject = subject;
  return leafNode(f, true, null);
}

/** A pattern path as messages show it (`$` for the root). @internal */
export const at = (p: string): string => (p === '' ? '$' : p);

/** @internal */
export function stats(...nodes: Array<Node | undefined>): {
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

/** @internal */
export function object(
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

/** @internal */
export function list(
  path: string,
  items: Node[],
  rest: Node | undefined,
  subject: string | undefined,
): ListNode {
  return { t: 'list', path, subject, items, rest, ...stats(...items, rest) };
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
