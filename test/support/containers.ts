// The zod 4 containers and the kinds the schema-walk matrix is generated from
// (test/crypto/containers-matrix.test.ts, test/mask/containers-matrix.test.ts, and the
// fast-check property in test/crypto/containers.prop.test.ts). Values are synthetic.
import * as z from 'zod';
import { type Kind, KINDS, pii } from '../../src/schema/index.js';

/** One sample value of a kind, and the text that must never appear where it is protected. */
export interface KindSample {
  kind: Kind;
  value: unknown;
  /** Substrings of the value (raw and normalized) whose presence means it leaked. */
  markers: string[];
  /** Whether values are strings (usable as map keys, template parts, after z.string()). */
  text: boolean;
}

export const SAMPLES: Record<Kind, KindSample> = {
  name: { kind: 'name', value: '欧阳娜娜', markers: ['欧阳娜娜'], text: true },
  phone: { kind: 'phone', value: '13812345678', markers: ['13812345678'], text: true },
  landline: { kind: 'landline', value: '021-87654321', markers: ['87654321'], text: true },
  address: {
    kind: 'address',
    value: '山东省青岛市市南区香港中路61号',
    markers: ['香港中路61号'],
    text: true,
  },
  idNumber: { kind: 'idNumber', value: '11010519491231002X', markers: ['11010519491231002'], text: true },
  passport: { kind: 'passport', value: 'E12345678', markers: ['E12345678'], text: true },
  email: { kind: 'email', value: 'zhang.san@example.com', markers: ['zhang.san'], text: true },
  bankCard: { kind: 'bankCard', value: '4111111111111111', markers: ['4111111111111111'], text: true },
  waybillNo: { kind: 'waybillNo', value: 'SF1234567890123', markers: ['SF1234567890123'], text: true },
  pickupCode: { kind: 'pickupCode', value: '3-2-1234', markers: ['3-2-1234'], text: true },
  geo: {
    kind: 'geo',
    value: { lat: 31.23456, lng: 121.47891 },
    markers: ['31.23456', '121.47891'],
    text: false,
  },
  birthDate: { kind: 'birthDate', value: '1990-03-07', markers: ['1990-03-07'], text: true },
  ip: { kind: 'ip', value: '203.0.113.77', markers: ['203.0.113.77'], text: true },
  deviceId: { kind: 'deviceId', value: 'dev-7f3a9c2e11', markers: ['7f3a9c2e11'], text: true },
  image: {
    kind: 'image',
    value: new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe]),
    markers: ['deadbeefcafe', '"0":222,"1":173'],
    text: false,
  },
  freeText: { kind: 'freeText', value: '放门口，电话13912345678', markers: ['13912345678'], text: true },
  custom: { kind: 'custom', value: 'secret-custom-7731', markers: ['secret-custom-7731'], text: true },
};

/** Every kind, tagged at the sensitive level (what a vault seals by default). */
export function sensitive(kind: Kind): z.ZodType {
  const b = pii[kind] as (o: { level: 'sensitive' }) => z.ZodType;
  return b({ level: 'sensitive' });
}

/** A container around a schema, with how a value is put inside it. */
export interface Container {
  name: string;
  wrap: (inner: z.ZodType) => z.ZodType;
  put: (v: unknown) => unknown;
  /** Holds its inner value in a place only a string can take (a key, a template, after z.string()). */
  textOnly?: boolean;
  /** The walk refuses a tag inside it (SCHEMA_INVALID) for every use; `inner` is the next container in, if any. */
  refused?: boolean | ((inner: Container | undefined) => boolean);
  /** Wrapping a tagged leaf, it is still one leaf (a wrapper, a pipe, a lazy schema). */
  leafLike?: boolean;
  /** Sealing refuses it (SCHEMA_INVALID): a tagged key cannot be sealed in place. */
  sealRefused?: boolean;
}

/** A tag inside a container that is not one leaf cannot be followed here. */
const notLeaf = (inner: Container | undefined): boolean => inner !== undefined && !inner.leafLike;

export const CONTAINERS: Container[] = [
  { name: 'object', wrap: (s) => z.object({ f: s }), put: (v) => ({ f: v }) },
  { name: 'strictObject', wrap: (s) => z.strictObject({ f: s }), put: (v) => ({ f: v }) },
  { name: 'array', wrap: (s) => z.array(s), put: (v) => [v, v] },
  { name: 'tuple item', wrap: (s) => z.tuple([z.string(), s]), put: (v) => ['x', v] },
  { name: 'tuple rest', wrap: (s) => z.tuple([z.string()], s), put: (v) => ['x', v, v] },
  {
    name: 'record value',
    wrap: (s) => z.record(z.string(), s),
    put: (v) => ({ 'ann.lee@example.org': v, 'a.b': v }),
  },
  {
    name: 'record key',
    wrap: (s) => z.record(s as z.ZodType<string>, z.string()),
    put: (v) => ({ [v as string]: 'x' }),
    textOnly: true,
    refused: notLeaf,
    sealRefused: true,
  },
  { name: 'map value', wrap: (s) => z.map(z.string(), s), put: (v) => new Map([['k.1', v]]) },
  {
    name: 'map key',
    wrap: (s) => z.map(s, z.string()),
    put: (v) => new Map([[v, 'x']]),
    refused: notLeaf,
    sealRefused: true,
  },
  { name: 'set', wrap: (s) => z.set(s), put: (v) => new Set([v]) },
  {
    name: 'union',
    wrap: (s) => z.union([z.object({ f: z.string() }), z.object({ f: s })]),
    put: (v) => ({ f: v }),
  },
  {
    name: 'discriminated union',
    wrap: (s) =>
      z.discriminatedUnion('k', [
        z.object({ k: z.literal('a'), f: z.string() }),
        z.object({ k: z.literal('b'), f: s }),
      ]),
    put: (v) => ({ k: 'b', f: v }),
  },
  {
    name: 'intersection',
    wrap: (s) => z.intersection(z.object({ g: z.string() }), z.object({ f: s })),
    put: (v) => ({ g: 'x', f: v }),
  },
  { leafLike: true, name: 'pipe output', wrap: (s) => z.unknown().pipe(s), put: (v) => v },
  {
    name: 'trimmed string piped',
    wrap: (s) =>
      z
        .string()
        .trim()
        .pipe(s as z.ZodType<unknown, string>),
    put: (v) => v,
    textOnly: true,
    leafLike: true,
  },
  {
    name: 'pipe input (transform)',
    wrap: (s) => s.transform((x) => x),
    put: (v) => v,
    refused: notLeaf,
    leafLike: true,
  },
  { leafLike: true, name: 'preprocess', wrap: (s) => z.preprocess((x) => x, s), put: (v) => v },
  { leafLike: true, name: 'lazy', wrap: (s) => z.lazy(() => s), put: (v) => v },
  { leafLike: true, name: 'optional', wrap: (s) => s.optional(), put: (v) => v },
  { leafLike: true, name: 'nullable default', wrap: (s) => s.nullable().default(null), put: (v) => v },
  { name: 'readonly object', wrap: (s) => z.object({ f: s }).readonly(), put: (v) => ({ f: v }) },
  { leafLike: true, name: 'catch', wrap: (s) => s.catch(undefined as never), put: (v) => v },
  {
    name: 'catchall',
    wrap: (s) => z.object({ n: z.number() }).catchall(s),
    put: (v) => ({ n: 1, extra: v }),
  },
  { name: 'promise', wrap: (s) => z.promise(s), put: (v) => Promise.resolve(v), refused: true },
  {
    name: 'function',
    wrap: (s) => z.function({ input: [s], output: z.void() }) as unknown as z.ZodType,
    put: () => () => undefined,
    refused: true,
  },
  {
    name: 'template literal',
    wrap: (s) => z.templateLiteral([s as z.ZodType<string>, '-x'] as never),
    put: (v) => `${v as string}-x`,
    textOnly: true,
    refused: true,
  },
];

/** A chain of containers (outermost first) around one kind, wrapped in a record object. */
export interface Case {
  name: string;
  kind: Kind;
  chain: Container[];
  schema: z.ZodType;
  value: unknown;
  sample: KindSample;
  /** SCHEMA_INVALID expected from every use of the schema. */
  refused: boolean;
  /** SCHEMA_INVALID expected from sealing. */
  sealRefused: boolean;
}

/** Whether a chain (outermost first) can hold a value of the kind at all. */
export function fits(chain: Container[], sample: KindSample): boolean {
  // a text-only container needs a string right inside it
  return chain.every((c, i) => !c.textOnly || (i === chain.length - 1 && sample.text));
}

/**
 * One case: `leaf` (default: the kind tagged sensitive) inside the chain; `label` names the leaf
 * in the case name (default: the kind).
 */
export function makeCase(chain: Container[], kind: Kind, leaf?: () => z.ZodType, label?: string): Case {
  const sample = SAMPLES[kind];
  let schema: z.ZodType = leaf ? leaf() : sensitive(kind);
  let value: unknown = sample.value;
  let refused = false;
  let sealRefused = false;
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!;
    schema = c.wrap(schema);
    value = c.put(value);
    if (typeof c.refused === 'function' ? c.refused(chain[i + 1]) : c.refused) refused = true;
    if (c.sealRefused) sealRefused = true;
  }
  return {
    name: `${chain.map((c) => c.name).join(' > ')} > ${label ?? kind}`,
    kind,
    chain,
    schema: z.object({ id: z.string(), rec: schema }),
    value: { id: 'r-1', rec: value },
    sample,
    refused,
    sealRefused: refused || sealRefused,
  };
}

/** Every case of one and two levels of nesting around every kind. */
export function allCases(): Case[] {
  const out: Case[] = [];
  for (const kind of KINDS) {
    for (const a of CONTAINERS) {
      if (fits([a], SAMPLES[kind])) out.push(makeCase([a], kind));
      for (const b of CONTAINERS) if (fits([a, b], SAMPLES[kind])) out.push(makeCase([a, b], kind));
    }
  }
  return out;
}

/**
 * Every case of one and two levels of nesting around free text sealed with its redaction in
 * clear (`pii.freeText({ onSeal: 'redact' })`, stored as `{ redacted, sealed }`).
 */
export function redactingFreeTextCases(): Case[] {
  const out: Case[] = [];
  const leaf = () => pii.freeText({ onSeal: 'redact' });
  const label = "freeText (onSeal: 'redact')";
  const s = SAMPLES.freeText;
  for (const a of CONTAINERS) {
    if (fits([a], s)) out.push(makeCase([a], 'freeText', leaf, label));
    for (const b of CONTAINERS) if (fits([a, b], s)) out.push(makeCase([a, b], 'freeText', leaf, label));
  }
  return out;
}

/** JSON with maps, sets and bytes spelled out, so a search for a marker sees inside them. */
export function dump(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Map) return { $map: [...x.entries()] };
    if (x instanceof Set) return { $set: [...x] };
    if (x instanceof Uint8Array) return { $bytes: Buffer.from(x).toString('hex') };
    if (typeof x === 'function') return '[function]';
    return x;
  });
}

export function leaked(text: string, sample: KindSample): string | undefined {
  return sample.markers.find((m) => text.includes(m));
}
