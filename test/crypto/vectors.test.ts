import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/_internal/bytes.js';
import { createKeyring, createVault, memoryKeyStore, type SubjectKeyRecord } from '../../src/crypto/index.js';
import { concretePath, type Kind, setIn } from '../../src/schema/index.js';
import { PathVectorParcel } from './path-vector-schemas.js';

import { VectorNoId, VectorParcel } from './vector-schemas.js';

interface Vectors {
  kek: { id: string; key: string };
  indexKey: string;
  indexBytes: number;
  keyStore: Array<Record<string, unknown>>;
  records: Array<{
    name: string;
    schema: 'VectorParcel' | 'VectorNoId';
    recordId: string;
    sealed: unknown;
    opened: unknown;
  }>;
  blindIndexes: Array<{ kind: Kind; value: string; index: string }>;
  stream: { recordId: string; name: string; subjectId: string; plaintext: string; sealed: string };
  tamper: Array<{
    name: string;
    schema: 'VectorParcel';
    recordId: string;
    path: string[];
    value: unknown;
    code: string;
  }>;
}
const V = JSON.parse(readFileSync(new URL('../vectors/cpii1/v1.json', import.meta.url), 'utf8')) as Vectors;
const schemas = { VectorParcel, VectorNoId };
const dec = (v: unknown): unknown =>
  v && typeof v === 'object' && '$bytes' in v
    ? fromHex((v as { $bytes: string }).$bytes)
    : Array.isArray(v)
      ? v.map(dec)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dec(x)]))
        : v;

async function vaultFor(backend: 'noble' | 'node') {
  const keyStore = memoryKeyStore();
  for (const r of V.keyStore) {
    await keyStore.create(
      (r.state === 'active'
        ? { ...r, wrapped: fromHex(r.wrapped as string) }
        : r) as unknown as SubjectKeyRecord,
    );
  }
  const keyring = createKeyring({ keks: [{ id: V.kek.id, key: fromHex(V.kek.key) }], active: V.kek.id });
  return createVault({ keyring, keyStore, indexKey: fromHex(V.indexKey), indexBytes: V.indexBytes, backend });
}

describe.each(['noble', 'node'] as const)('frozen cpii1 vectors on the %s backend', (backend) => {
  it('open every frozen record to its original value', async () => {
    const vault = await vaultFor(backend);
    for (const r of V.records) {
      const opened = await vault.open(schemas[r.schema], r.sealed as never, { recordId: r.recordId });
      expect(opened, r.name).toEqual(dec(r.opened));
    }
  });

  it('give the frozen blind indexes', async () => {
    const vault = await vaultFor(backend);
    for (const b of V.blindIndexes) expect(vault.blindIndex(b.kind, b.value)).toBe(b.index);
  });

  it('open the frozen blob stream', async () => {
    const vault = await vaultFor(backend);
    const parts: Buffer[] = [];
    await pipeline(
      Readable.from([Buffer.from(fromHex(V.stream.sealed))]),
      vault.openStream({ recordId: V.stream.recordId, name: V.stream.name, subjectId: V.stream.subjectId }),
      new Writable({
        write(c: Buffer, _e, cb) {
          parts.push(c);
          cb();
        },
      }),
    );
    expect(Buffer.concat(parts).toString('hex')).toBe(V.stream.plaintext);
  });

  it('reject every frozen tamper case with its expected code', async () => {
    const vault = await vaultFor(backend);
    const base = V.records[0]!;
    for (const t of V.tamper) {
      const rec = structuredClone(base.sealed) as Record<string, unknown>;
      if (t.path.length) setIn(rec, t.path, t.value);
      const e = await vault
        .open(schemas[t.schema], rec as never, { recordId: t.recordId })
        .catch((x: unknown) => x);
      expect(e, t.name).toMatchObject({ code: t.code });
    }
  });
});

interface PathVectors {
  kek: { id: string; key: string };
  indexKey: string;
  indexBytes: number;
  keyStore: Array<Record<string, unknown>>;
  recordId: string;
  fields: Array<{ at: Array<string | number>; fieldPath: string }>;
  sealed: unknown;
  opened: unknown;
  indexes: Record<string, string>;
  tamper: Array<{ name: string; path: string[]; value: unknown; code: string }>;
}
const P = JSON.parse(
  readFileSync(new URL('../vectors/cpii1/paths.json', import.meta.url), 'utf8'),
) as PathVectors;

async function pathVault(backend: 'noble' | 'node') {
  const keyStore = memoryKeyStore();
  for (const r of P.keyStore)
    await keyStore.create({ ...r, wrapped: fromHex(r.wrapped as string) } as unknown as SubjectKeyRecord);
  const keyring = createKeyring({ keks: [{ id: P.kek.id, key: fromHex(P.kek.key) }], active: P.kek.id });
  return createVault({ keyring, keyStore, indexKey: fromHex(P.indexKey), indexBytes: P.indexBytes, backend });
}

describe.each(['noble', 'node'] as const)('frozen escaped-path vectors on the %s backend', (backend) => {
  it('open to the original value, with the documented concrete paths', async () => {
    const vault = await pathVault(backend);
    const opened = await vault.open(PathVectorParcel, P.sealed as never, { recordId: P.recordId });
    expect(opened).toEqual(P.opened);
    for (const f of P.fields) expect(concretePath(f.at)).toBe(f.fieldPath);
  });

  it('a vault seals the same fields under the same paths and indexes', async () => {
    const vault = await pathVault(backend);
    const { record, indexes } = await vault.seal(PathVectorParcel, P.opened as never, {
      recordId: P.recordId,
    });
    expect(indexes).toEqual(P.indexes);
    expect(await vault.open(PathVectorParcel, record, { recordId: P.recordId })).toEqual(P.opened);
  });

  it('reject a ciphertext moved between locations whose unescaped paths would coincide', async () => {
    const vault = await pathVault(backend);
    for (const t of P.tamper) {
      const rec = structuredClone(P.sealed) as Record<string, unknown>;
      setIn(rec, t.path, t.value);
      const e = await vault
        .open(PathVectorParcel, rec as never, { recordId: P.recordId })
        .catch((x: unknown) => x);
      expect(e, t.name).toMatchObject({ code: t.code });
    }
  });
});
