// The blob phase of reencryptToGm: a store holding records and blobs of both suites ends with
// every record and blob GM and opening to the same plaintext, and no suite-1 DEK left; a blob that
// does not open stops the job with a PiiError and stays as it was; an erased subject's blob is
// left and counted; a blob replaced just before a crash is not moved twice; blobs stream through.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileBlobSource,
  type ReencryptBlob,
  type ReencryptBlobSource,
  type ReencryptCheckpoint,
  reencryptToGm,
  type StreamOptions,
} from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { scratchDir } from '../support/scratch.js';
import { blobSuite, openBlob, sealBlob } from './fixtures/blobs.js';
import { expectGmKeysOnly, seal, setup, suites, tableSource } from './fixtures/gm-reencrypt.js';
import { Parcel } from './fixtures/parcel.js';

type Stored = { recordId: string; name?: string; bytes: Uint8Array };

/** A blob source over a map; reads hand out small pieces (the header split across them). */
function memoryBlobs(map: Map<string, Stored>): ReencryptBlobSource {
  return {
    async *list(after) {
      for (const id of [...map.keys()].sort()) {
        if (after !== undefined && id <= after) continue;
        const b = map.get(id)!;
        yield { id, recordId: b.recordId, ...(b.name ? { name: b.name } : {}) };
      }
    },
    async *read(b) {
      const bytes = map.get(b.id)!.bytes;
      yield bytes.subarray(0, 3);
      for (let o = 3; o < bytes.length; o += 7000) yield bytes.subarray(o, o + 7000);
    },
    async replace(b, sealed) {
      const parts: Uint8Array[] = [];
      for await (const p of sealed) parts.push(p.slice());
      map.set(b.id, { ...map.get(b.id)!, bytes: new Uint8Array(Buffer.concat(parts)) });
    },
  };
}

function memoryProgress() {
  const p = {
    saved: undefined as ReencryptCheckpoint | undefined,
    load: async () => p.saved,
    save: async (c: ReencryptCheckpoint) => {
      p.saved = c;
    },
  };
  return p;
}

const optsOf = (b: Stored, subjectId?: string): StreamOptions => ({
  recordId: b.recordId,
  ...(b.name ? { name: b.name } : {}),
  ...(subjectId ? { subjectId } : {}),
});

/** A mixed store: records of both suites, blobs of both suites bound in every way a blob can be. */
async function mixedStore() {
  const t = setup();
  const d = t.make('default');
  const g = t.make('gm');
  const rows = new Map<string, { record: unknown; customer: string }>();
  for (let i = 0; i < 9; i++) {
    const id = `R${i}`;
    rows.set(id, { record: (await seal(i < 6 ? d : g, id, `c${i % 3}`)).record, customer: `c${i % 3}` });
  }
  const specs: Array<[string, Stored, string | undefined, 'default' | 'gm', number, number?]> = [
    ['a-photo', { recordId: 'R0', name: 'photo', bytes: new Uint8Array() }, 'c0', 'default', 200_000],
    ['b-record', { recordId: 'R1', bytes: new Uint8Array() }, undefined, 'default', 70_000],
    [
      'c-courier',
      { recordId: 'P1', name: 'pod', bytes: new Uint8Array() },
      'courier-1',
      'default',
      5000,
      1000,
    ],
    ['d-empty', { recordId: 'R2', name: 'empty', bytes: new Uint8Array() }, 'c2', 'default', 0],
    ['e-gm', { recordId: 'R7', name: 'photo', bytes: new Uint8Array() }, 'c1', 'gm', 90_000],
    ['f-gm-record', { recordId: 'R8', bytes: new Uint8Array() }, undefined, 'gm', 10],
  ];
  const blobs = new Map<string, Stored>();
  const plain = new Map<string, { opts: StreamOptions; plain: Uint8Array; sealed: Uint8Array }>();
  for (const [id, b, subject, suite, size, chunkSize] of specs) {
    const opts = optsOf(b, subject);
    const p = randomBytes(size);
    b.bytes = await sealBlob(suite === 'gm' ? g : d, { ...opts, ...(chunkSize ? { chunkSize } : {}) }, p);
    blobs.set(id, b);
    plain.set(id, { opts, plain: p, sealed: b.bytes });
  }
  return { t, d, g, rows, blobs, plain };
}

describe('reencryptToGm with a blob source', () => {
  it('moves a mixed store: every record and blob opens with the same plaintext, nothing is left under suite 1', async () => {
    const { t, d, g, rows, blobs, plain } = await mixedStore();
    // before: both vaults open blobs of both suites
    for (const [id, b] of plain)
      for (const v of [d, g])
        expect(Buffer.from(await openBlob(v, b.opts, blobs.get(id)!.bytes)).equals(b.plain)).toBe(true);
    const progress = memoryProgress();
    const seen: string[] = [];
    const r = await reencryptToGm({
      vault: g,
      keyStore: t.store,
      source: tableSource(rows),
      blobs: memoryBlobs(blobs),
      progress,
      onProgress: (p) => seen.push(p.phase),
    });
    expect(r).toMatchObject({
      resealed: 6,
      alreadyGm: 3,
      blobsResealed: 4,
      blobsAlreadyGm: 2,
      blobsErased: 0,
      legacyOnly: 0,
    });
    expect(seen.filter((p) => p === 'blobs')).toHaveLength(6);
    expect(progress.saved).toEqual({ phase: 'done' });
    await expectGmKeysOnly(t.store);
    const fresh = t.make('gm', 'noble');
    for (const [id, row] of rows) {
      expect(suites(row.record)).toEqual(new Set([2]));
      expect((await fresh.open(Parcel, row.record as never, { recordId: id })).recipient.name).toBe('李四');
    }
    for (const [id, b] of plain) {
      const now = blobs.get(id)!.bytes;
      expect(blobSuite(now), id).toBe(2);
      expect(Buffer.from(await openBlob(fresh, b.opts, now)).equals(b.plain), id).toBe(true);
      if (blobSuite(b.sealed) === 1)
        await expect(openBlob(fresh, b.opts, b.sealed)).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
    }
  });

  it('without a blob source keeps a key only blobs use (legacyOnly); with it, moves the blob and destroys the key', async () => {
    const t = setup();
    const d = t.make('default');
    const rows = new Map([['R0', { record: (await seal(d, 'R0', 'c0')).record, customer: 'c0' }]]);
    const b: Stored = { recordId: 'P1', name: 'pod', bytes: new Uint8Array() };
    const p = randomBytes(3000);
    b.bytes = await sealBlob(d, optsOf(b, 'courier-1'), p);
    const blobs = new Map([['pod', b]]);
    const first = await reencryptToGm({
      vault: t.make('gm'),
      keyStore: t.store,
      source: tableSource(rows),
      progress: memoryProgress(),
    });
    expect(first).toMatchObject({ legacyOnly: 1, blobsResealed: 0 });
    const second = await reencryptToGm({
      vault: t.make('gm'),
      keyStore: t.store,
      source: tableSource(rows),
      blobs: memoryBlobs(blobs),
      progress: memoryProgress(),
    });
    expect(second).toMatchObject({ alreadyGm: 1, blobsResealed: 1, legacyOnly: 0, oldKeysDestroyed: 1 });
    expect(
      Buffer.from(await openBlob(t.make('gm'), optsOf(b, 'courier-1'), blobs.get('pod')!.bytes)).equals(p),
    ).toBe(true);
    await expectGmKeysOnly(t.store);
  });

  it("leaves an erased subject's blob as it is and counts it", async () => {
    const { t, d, rows, blobs } = await mixedStore();
    await d.eraseSubject('courier-1');
    const before = blobs.get('c-courier')!.bytes;
    const r = await reencryptToGm({
      vault: t.make('gm'),
      keyStore: t.store,
      source: tableSource(rows),
      blobs: memoryBlobs(blobs),
      progress: memoryProgress(),
    });
    expect(r).toMatchObject({ blobsResealed: 3, blobsAlreadyGm: 2, blobsErased: 1, legacyOnly: 0 });
    expect(blobs.get('c-courier')!.bytes).toBe(before);
    await expectGmKeysOnly(t.store);
  });

  it('does not move a blob twice when the crash came between its replacement and the checkpoint', async () => {
    const { t, rows, blobs, plain } = await mixedStore();
    const progress = memoryProgress();
    const save = progress.save;
    progress.save = async (c) => {
      if (c.phase === 'blobs' && c.after === 'b-record') throw new Error('simulated crash');
      await save(c);
    };
    const job = () =>
      reencryptToGm({
        vault: t.make('gm'),
        keyStore: t.store,
        source: tableSource(rows),
        blobs: memoryBlobs(blobs),
        progress,
      });
    await expect(job()).rejects.toThrow('simulated crash');
    expect(progress.saved).toEqual({ phase: 'blobs', after: 'a-photo' });
    const movedOnce = blobs.get('b-record')!.bytes;
    expect(blobSuite(movedOnce)).toBe(2);
    progress.save = save;
    const r = await job();
    expect(r).toMatchObject({ resealed: 0, blobsResealed: 2, blobsAlreadyGm: 3, legacyOnly: 0 });
    expect(blobs.get('b-record')!.bytes).toBe(movedOnce); // listed again, recognised as GM, left alone
    const g = t.make('gm');
    for (const [id, b] of plain)
      expect(Buffer.from(await openBlob(g, b.opts, blobs.get(id)!.bytes)).equals(b.plain)).toBe(true);
  });

  it('streams: the replacement receives sealed bytes before the old blob has been read to its end', async () => {
    const t = setup();
    const d = t.make('default');
    const b: Stored = { recordId: 'big', bytes: new Uint8Array() };
    const p = randomBytes(4 * 1024 * 1024);
    b.bytes = await sealBlob(d, { recordId: 'big' }, p);
    let readSoFar = 0;
    let readAtFirstPiece = -1;
    const source: ReencryptBlobSource = {
      async *list(after) {
        if (after === undefined) yield { id: 'big', recordId: 'big' };
      },
      async *read() {
        for (let o = 0; o < b.bytes.length; o += 65_536) {
          readSoFar += Math.min(65_536, b.bytes.length - o);
          yield b.bytes.subarray(o, o + 65_536);
        }
      },
      async replace(_blob, sealed) {
        const parts: Uint8Array[] = [];
        for await (const x of sealed) {
          if (readAtFirstPiece < 0) readAtFirstPiece = readSoFar;
          parts.push(x.slice());
        }
        b.bytes = new Uint8Array(Buffer.concat(parts));
      },
    };
    await reencryptToGm({
      vault: t.make('gm'),
      keyStore: t.store,
      source: tableSource(new Map()),
      blobs: source,
      progress: memoryProgress(),
    });
    expect(readAtFirstPiece).toBeGreaterThan(0);
    expect(readAtFirstPiece).toBeLessThan(512 * 1024); // a few chunks, not the 4 MiB blob
    expect(Buffer.from(await openBlob(t.make('gm'), { recordId: 'big' }, b.bytes)).equals(p)).toBe(true);
  });
});

/** Ways a blob on disk can fail to open, each applied to blob "B" of a folder. */
const TAMPER: Array<
  [string, (bytes: Buffer) => Buffer, ((id: string) => { recordId: string; name?: string })?]
> = [
  [
    'a flipped byte in a middle chunk',
    (x) => {
      const y = Buffer.from(x);
      y[100_000]! ^= 1;
      return y;
    },
  ],
  [
    'a flipped byte in the header commitment',
    (x) => {
      const y = Buffer.from(x);
      y[30]! ^= 1;
      return y;
    },
  ],
  ['the last 10 bytes cut off', (x) => x.subarray(0, x.length - 10)],
  ['the last chunk dropped', (x) => x.subarray(0, x.length - ((x.length - 59) % (65_536 + 16)))],
  ['bytes that are no blob stream', (x) => Buffer.alloc(x.length, 7)],
  [
    'a header with an empty key id',
    (x) => Buffer.concat([x.subarray(0, 4), Buffer.from([0]), x.subarray(5)]),
  ],
  ['a header cut short', (x) => x.subarray(0, 7)],
  ['a listing under another record id', (x) => x, (id) => ({ recordId: id === 'B' ? 'X' : id })],
];

describe('reencryptToGm with fileBlobSource and a blob that does not open', () => {
  it.each(TAMPER)(
    '%s: stops with a PiiError and leaves the file as it was',
    async (_name, tamper, bindingOf) => {
      const t = setup();
      const d = t.make('default');
      const dir = scratchDir('cpii-blobs-');
      const pa = randomBytes(100);
      writeFileSync(join(dir, 'A'), await sealBlob(d, { recordId: 'A', subjectId: 'c1' }, pa));
      writeFileSync(
        join(dir, 'B'),
        tamper(Buffer.from(await sealBlob(d, { recordId: 'B', subjectId: 'c1' }, randomBytes(200_000)))),
      );
      writeFileSync(join(dir, 'C'), await sealBlob(d, { recordId: 'C', subjectId: 'c1' }, randomBytes(100)));
      const bad = readFileSync(join(dir, 'B'));
      const progress = memoryProgress();
      const err = await reencryptToGm({
        vault: t.make('gm'),
        keyStore: t.store,
        source: tableSource(new Map()),
        blobs: fileBlobSource(dir, bindingOf ? { bindingOf } : undefined),
        progress,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isPiiError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'CIPHERTEXT_INVALID', details: { blob: 'B' } });
      expect((err as Error).message).toContain('left it as it was');
      expect(readFileSync(join(dir, 'B')).equals(bad)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['A', 'B', 'C']); // no temp file left behind
      expect(progress.saved).toEqual({ phase: 'blobs', after: 'A' });
      // nothing was destroyed: the blob before it moved, the one after it still opens as it was
      expect(blobSuite(readFileSync(join(dir, 'A')))).toBe(2);
      expect(
        Buffer.from(
          await openBlob(t.make('gm'), { recordId: 'A', subjectId: 'c1' }, readFileSync(join(dir, 'A'))),
        ).equals(pa),
      ).toBe(true);
      expect(blobSuite(readFileSync(join(dir, 'C')))).toBe(1);
      await expect(
        openBlob(d, { recordId: 'C', subjectId: 'c1' }, readFileSync(join(dir, 'C'))),
      ).resolves.toHaveLength(100);
    },
  );
});

describe('reencryptToGm refuses a blob source it cannot trust', () => {
  const blob: ReencryptBlob = { id: 'b', recordId: 'R' };
  it('refuses a source whose replace returns without reading the sealed bytes to their end', async () => {
    const t = setup();
    const sealed = await sealBlob(t.make('default'), { recordId: 'R' }, randomBytes(300_000));
    let stored = sealed;
    const source: ReencryptBlobSource = {
      async *list(after) {
        if (after === undefined) yield blob;
      },
      async *read() {
        yield stored;
      },
      async replace(_b, s) {
        for await (const x of s) {
          stored = x; // takes the first piece and stops: a broken adapter
          break;
        }
      },
    };
    await expect(
      reencryptToGm({
        vault: t.make('gm'),
        keyStore: t.store,
        source: tableSource(new Map()),
        blobs: source,
        progress: memoryProgress(),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { blob: 'b' } });
    expect(blobSuite(stored)).toBe(2); // what the broken adapter kept is not counted as moved
  });

  it('refuses a blobs option without list, read and replace, and a blobs checkpoint resumed without blobs', async () => {
    const t = setup();
    const g = t.make('gm');
    const base = { vault: g, keyStore: t.store, source: tableSource(new Map()) };
    await expect(
      reencryptToGm({ ...base, blobs: { list: () => [] } as never, progress: memoryProgress() }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const progress = memoryProgress();
    progress.saved = { phase: 'blobs', after: 'x' };
    await expect(reencryptToGm({ ...base, progress })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(progress.saved).toEqual({ phase: 'blobs', after: 'x' });
  });

  it('fileBlobSource lists files and one folder deep, skipping dot files, with the default binding', async () => {
    const dir = scratchDir('cpii-blobs-');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'R2'));
    for (const f of ['R1', 'R2/photo', 'R2/pod.sig', '.R1.0123456789abcdef01234567.tmp', 'R2/.hidden'])
      writeFileSync(join(dir, f), 'x');
    const got: ReencryptBlob[] = [];
    for await (const b of fileBlobSource(dir).list(undefined)) got.push(b);
    expect(got).toEqual([
      { id: 'R1', recordId: 'R1' },
      { id: 'R2/photo', recordId: 'R2', name: 'photo' },
      { id: 'R2/pod.sig', recordId: 'R2', name: 'pod.sig' },
    ]);
    const after: string[] = [];
    for await (const b of fileBlobSource(dir).list('R2/photo')) after.push(b.id);
    expect(after).toEqual(['R2/pod.sig']);
    expect(() => fileBlobSource('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
