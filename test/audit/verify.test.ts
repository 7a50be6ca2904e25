import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditCheckpoint,
  type AuditEntry,
  computeEntryHash,
  createAuditLog,
  memorySink,
  verifyAuditLog,
  verifyAuditStream,
} from 'courier-pii/audit';
import { sampleEvent, stepClock } from './helpers.js';
import { SIGNING_ALGS, type TestAlg, keyFor } from '../support/signing-algs.js';
import { alterChar } from '../support/tamper.js';

// Every test below runs once per signature algorithm (the checkpoints are Ed25519 or SM2).
let key = keyFor('ed25519');

async function build(n: number): Promise<{ entries: AuditEntry[]; checkpoint: AuditCheckpoint }> {
  const sink = memorySink();
  const log = createAuditLog({ sink, signingKey: key, clock: stepClock() });
  for (let i = 0; i < n; i++) await log.append(sampleEvent(i));
  return { entries: [...sink.entries], checkpoint: await log.checkpoint() };
}

const clone = (es: AuditEntry[]): AuditEntry[] => JSON.parse(JSON.stringify(es)) as AuditEntry[];

/** A different value of the same JSON type, so only the content changes. */
function mutate(v: unknown): unknown {
  if (typeof v === 'string')
    return /^[0-9a-f]{64}$/.test(v) ? (v[0] === 'a' ? 'b' : 'a') + v.slice(1) : `${v}x`;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (v === null) return 0;
  if (Array.isArray(v)) return v.length > 0 ? [mutate(v[0]), ...v.slice(1)] : ['x'];
  if (typeof v === 'object') {
    const o = { ...(v as Record<string, unknown>) };
    const k = Object.keys(o)[0];
    if (k === undefined) o.added = 1;
    else o[k] = mutate(o[k]);
    return o;
  }
  return v;
}

describe.each(SIGNING_ALGS)('verifyAuditLog (%s checkpoints)', (alg: TestAlg) => {
  beforeAll(() => {
    key = keyFor(alg);
  });

  it('accepts an untouched log with its signed checkpoint, in memory and streamed', async () => {
    const { entries, checkpoint } = await build(30);
    const want = { ok: true, size: 30, head: checkpoint.head };
    expect(verifyAuditLog(entries, { publicKey: key.publicKey, checkpoint })).toEqual(want);
    async function* stream() {
      yield* entries;
    }
    expect(await verifyAuditStream(stream(), { publicKey: key.publicKey, checkpoint })).toEqual(want);
  });

  it('detects an edit of any field of any entry at that entry', async () => {
    const { entries } = await build(12);
    let cases = 0;
    for (let i = 0; i < entries.length; i++) {
      for (const field of Object.keys(entries[i]!)) {
        const t = clone(entries);
        (t[i] as unknown as Record<string, unknown>)[field] = mutate(
          (t[i] as unknown as Record<string, unknown>)[field],
        );
        const r = verifyAuditLog(t);
        expect(r.ok, `entry ${i} field ${field}`).toBe(false);
        expect(r.firstBadIndex, `entry ${i} field ${field}`).toBe(i);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(100);
  });

  it('detects a field added to or removed from an entry at that entry', async () => {
    const { entries } = await build(6);
    const added = clone(entries);
    (added[3] as unknown as Record<string, unknown>).note = 'x';
    expect(verifyAuditLog(added)).toMatchObject({ ok: false, firstBadIndex: 3 });
    const removed = clone(entries);
    delete (removed[2] as { data?: unknown }).data;
    expect(verifyAuditLog(removed)).toMatchObject({ ok: false, firstBadIndex: 2, failure: 'hash' });
  });

  it('detects a deleted entry at its position', async () => {
    const { entries } = await build(10);
    for (const i of [0, 4, 8]) {
      const t = clone(entries);
      t.splice(i, 1);
      expect(verifyAuditLog(t)).toMatchObject({ ok: false, firstBadIndex: i, failure: 'seq' });
    }
  });

  it('detects two swapped entries at the first of them', async () => {
    const { entries } = await build(10);
    for (const [i, j] of [
      [0, 1],
      [3, 7],
      [8, 9],
    ] as const) {
      const t = clone(entries);
      [t[i], t[j]] = [t[j]!, t[i]!];
      expect(verifyAuditLog(t)).toMatchObject({ ok: false, firstBadIndex: i });
    }
  });

  it('detects an inserted forged entry at its position when its hash is not recomputed', async () => {
    const { entries } = await build(10);
    const forged = { ...clone(entries)[4]!, seq: 5, prev: entries[4]!.hash, actor: 'intruder' };
    const t = clone(entries);
    t.splice(5, 0, forged);
    expect(verifyAuditLog(t)).toMatchObject({ ok: false, firstBadIndex: 5, failure: 'hash' });
  });

  it('detects a well-forged inserted entry at the first entry it displaces', async () => {
    const { entries } = await build(10);
    const body = { ...clone(entries)[4]!, seq: 5, prev: entries[4]!.hash, actor: 'intruder' };
    const forged = { ...body, hash: computeEntryHash(body) };
    const t = clone(entries);
    t.splice(5, 0, forged);
    // The forgery itself chains correctly; the displaced original no longer does.
    expect(verifyAuditLog(t)).toMatchObject({ ok: false, firstBadIndex: 6, failure: 'seq' });
  });

  it('detects an edited entry whose hash was recomputed at the next entry', async () => {
    const { entries } = await build(10);
    const t = clone(entries);
    t[3]!.actor = 'someone-else';
    t[3]!.hash = computeEntryHash(t[3]!);
    expect(verifyAuditLog(t)).toMatchObject({ ok: false, firstBadIndex: 4, failure: 'prev' });
  });

  it('detects truncation after a checkpoint at the first missing entry', async () => {
    const { entries, checkpoint } = await build(20);
    for (const keep of [0, 7, 19]) {
      const r = verifyAuditLog(entries.slice(0, keep), { publicKey: key.publicKey, checkpoint });
      expect(r).toMatchObject({ ok: false, firstBadIndex: keep, failure: 'truncated', size: keep });
    }
    // Without the checkpoint a clean truncation is indistinguishable from a shorter log.
    expect(verifyAuditLog(entries.slice(0, 7)).ok).toBe(true);
  });

  it('detects a history rewritten consistently before a checkpoint', async () => {
    const { entries, checkpoint } = await build(10);
    const t = clone(entries);
    let prev = t[0]!.prev;
    for (const e of t) {
      if (e.seq === 2) e.purpose = 'rewritten';
      e.prev = prev;
      e.hash = computeEntryHash(e);
      prev = e.hash;
    }
    expect(verifyAuditLog(t).ok).toBe(true);
    expect(verifyAuditLog(t, { publicKey: key.publicKey, checkpoint })).toMatchObject({
      ok: false,
      firstBadIndex: 9,
      failure: 'checkpoint-mismatch',
    });
  });

  it('narrows a rewrite with several checkpoints to the first one that disagrees', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink, signingKey: key, clock: stepClock() });
    const cps: AuditCheckpoint[] = [];
    for (let i = 0; i < 30; i++) {
      await log.append(sampleEvent(i));
      if (i % 10 === 9) cps.push(await log.checkpoint());
    }
    const t = clone([...sink.entries]);
    let prev = t[0]!.prev;
    for (const e of t) {
      if (e.seq === 14) e.actor = 'rewritten';
      e.prev = prev;
      e.hash = computeEntryHash(e);
      prev = e.hash;
    }
    expect(verifyAuditLog(t, { publicKey: key.publicKey, checkpoint: cps })).toMatchObject({
      ok: false,
      firstBadIndex: 19,
      failure: 'checkpoint-mismatch',
      size: 20,
    });
    expect(verifyAuditLog(sink.entries, { publicKey: key.publicKey, checkpoint: cps }).ok).toBe(true);
  });

  it('refuses a checkpoint whose signature or fields were altered, or that is unsigned when a key is given', async () => {
    const { entries, checkpoint } = await build(5);
    const other = keyFor(alg).publicKey;
    const bad: Array<[AuditCheckpoint, Uint8Array | undefined]> = [
      [{ ...checkpoint, size: 4, head: entries[3]!.hash }, key.publicKey],
      [{ ...checkpoint, time: '2030-01-01T00:00:00.000Z' }, key.publicKey],
      [{ ...checkpoint, sig: alterChar(checkpoint.sig!) }, key.publicKey],
      [checkpoint, other],
      [{ v: 1, size: 5, head: checkpoint.head, time: checkpoint.time }, key.publicKey],
      [checkpoint, undefined],
    ];
    for (const [cp, pk] of bad) {
      const r = verifyAuditLog(entries, pk ? { publicKey: pk, checkpoint: cp } : { checkpoint: cp });
      expect(r).toMatchObject({ ok: false, failure: 'checkpoint-signature' });
      expect(r.firstBadIndex).toBeUndefined();
    }
  });

  it('compares unsigned checkpoints when no key is given', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink });
    for (let i = 0; i < 4; i++) await log.append(sampleEvent(i));
    const checkpoint = await log.checkpoint();
    expect(verifyAuditLog(sink.entries, { checkpoint }).ok).toBe(true);
    expect(verifyAuditLog(sink.entries.slice(0, 3), { checkpoint })).toMatchObject({ firstBadIndex: 3 });
  });

  it('reports malformed input at its index without echoing values', async () => {
    const { entries } = await build(3);
    const t: unknown[] = [...entries.slice(0, 2), { ...entries[2], actor: 13812345678 }];
    const r = verifyAuditLog(t);
    expect(r).toMatchObject({ ok: false, firstBadIndex: 2, failure: 'format' });
    expect(r.reason).not.toContain('13812345678');
    expect(verifyAuditLog([null])).toMatchObject({ firstBadIndex: 0, failure: 'format' });
    expect(verifyAuditLog(['{}'])).toMatchObject({ firstBadIndex: 0, failure: 'format' });
  });

  it('verifies a valid log of 100,000 entries', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink, signingKey: key, clock: stepClock() });
    const n = 100_000;
    for (let i = 0; i < n; i += 1000) {
      await Promise.all(Array.from({ length: 1000 }, (_, j) => log.append(sampleEvent(i + j))));
    }
    const checkpoint = await log.checkpoint();
    const t0 = performance.now();
    const r = verifyAuditLog(sink.entries, { publicKey: key.publicKey, checkpoint });
    const ms = performance.now() - t0;
    expect(r).toEqual({ ok: true, size: n, head: checkpoint.head });
    expect(ms).toBeLessThan(30_000);
  });

  it('verifies only what was appended after a checkpoint the verifier holds', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink, signingKey: key, clock: stepClock() });
    for (let i = 0; i < 10; i++) await log.append(sampleEvent(i));
    const held = await log.checkpoint();
    for (let i = 10; i < 25; i++) await log.append(sampleEvent(i));
    const latest = await log.checkpoint();
    const suffix = JSON.parse(JSON.stringify(sink.entries.slice(10))) as AuditEntry[];
    const opts = { publicKey: key.publicKey, after: held, checkpoint: latest };
    expect(verifyAuditLog(suffix, opts)).toEqual({ ok: true, size: 25, head: latest.head });
    // Indexes stay global (= seq).
    const edited = clone(suffix);
    edited[4]!.actor = 'x';
    expect(verifyAuditLog(edited, opts)).toMatchObject({ ok: false, firstBadIndex: 14, failure: 'hash' });
    expect(verifyAuditLog(suffix.slice(1), opts)).toMatchObject({
      ok: false,
      firstBadIndex: 10,
      failure: 'seq',
    });
    expect(verifyAuditLog(suffix.slice(0, 5), opts)).toMatchObject({
      ok: false,
      firstBadIndex: 15,
      failure: 'truncated',
    });
    // A suffix that does not continue the held checkpoint.
    const forkedAnchor = await createAuditLog({
      sink: memorySink(sink.entries.slice(0, 9)),
      signingKey: key,
    }).checkpoint();
    expect(
      verifyAuditLog(sink.entries.slice(9), { publicKey: key.publicKey, after: forkedAnchor }),
    ).toMatchObject({ ok: true });
    expect(verifyAuditLog(suffix, { publicKey: key.publicKey, after: { ...held, size: 9 } })).toMatchObject({
      ok: false,
      failure: 'checkpoint-signature',
    });
    expect(verifyAuditLog(suffix, { after: { ...held, sig: undefined, head: latest.head } })).toMatchObject({
      ok: false,
      firstBadIndex: 10,
      failure: 'prev',
    });
  });
});
