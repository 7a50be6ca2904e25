import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  type AuditSink,
  computeEntryHash,
  createAuditLog,
  memorySink,
  verifyAuditLog,
  verifyCheckpoint,
} from 'courier-pii/audit';
import { isPiiError } from '../../src/errors.js';
import { keyFor, SIGNING_ALGS } from '../support/signing-algs.js';
import { sampleEvent, stepClock } from './helpers.js';

describe('createAuditLog', () => {
  it('numbers entries from 0, chains each to its predecessor and stamps the clock time', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink, clock: stepClock() });
    const a = await log.append(sampleEvent(0));
    const b = await log.append(sampleEvent(1));
    expect(a.seq).toBe(0);
    expect(a.prev).toBe(AUDIT_GENESIS_HASH);
    expect(b.seq).toBe(1);
    expect(b.prev).toBe(a.hash);
    expect(a.time).toBe('2026-01-01T00:00:00.000Z');
    expect(b.time).toBe('2026-01-01T00:00:01.000Z');
    expect(computeEntryHash(a)).toBe(a.hash);
    expect(sink.entries).toEqual([a, b]);
  });

  it('keeps call order for concurrent appends, including those made before the sink opened', async () => {
    const sink = memorySink();
    const log = createAuditLog({ sink });
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(sampleEvent(i))));
    expect(got.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
  });

  it('returns frozen entries detached from the caller event', async () => {
    const data = { rule: 'r', severity: 'low' as const, list: ['a'] };
    const log = createAuditLog({ sink: memorySink() });
    const e = await log.append({ kind: 'alert', actor: 'm', purpose: 'p', data });
    data.list.push('b');
    expect(e.data).toEqual({ list: ['a'], rule: 'r', severity: 'low' });
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e.data)).toBe(true);
    expect(() => {
      (e as { actor: string }).actor = 'x';
    }).toThrow();
  });

  it('continues the chain of a sink that already holds entries', async () => {
    const sink = memorySink();
    const first = createAuditLog({ sink });
    for (let i = 0; i < 3; i++) await first.append(sampleEvent(i));
    const second = createAuditLog({ sink });
    const e = await second.append(sampleEvent(3));
    expect(e.seq).toBe(3);
    expect(e.prev).toBe(sink.entries[2]!.hash);
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
  });

  it('derives the public key from a bare 32-byte secret key', async () => {
    const key = ed25519.keygen();
    const log = createAuditLog({ sink: memorySink(), signingKey: key.secretKey });
    expect(log.publicKey).toEqual(key.publicKey);
    const cp = await log.checkpoint();
    expect(cp).toMatchObject({ size: 0, head: AUDIT_GENESIS_HASH });
    expect(verifyCheckpoint(cp, key.publicKey)).toBe(true);
  });

  it('makes unsigned checkpoints without a key', async () => {
    const log = createAuditLog({ sink: memorySink() });
    await log.append(sampleEvent(0));
    const cp = await log.checkpoint();
    expect(cp.sig).toBeUndefined();
    expect(log.publicKey).toBeUndefined();
  });

  it('refuses a signing key of the wrong size with KEY_INVALID', () => {
    expect(() => createAuditLog({ sink: memorySink(), signingKey: new Uint8Array(31) })).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
  });

  it('refuses unknown kinds, empty actors, bad custom names and non-JSON data', async () => {
    const log = createAuditLog({ sink: memorySink() });
    const cases: unknown[] = [
      { kind: 'made.up', actor: 'a', purpose: 'p' },
      { kind: 'alert', actor: '', purpose: 'p', data: { rule: 'r', severity: 'low' } },
      { kind: 'alert', actor: 'a', data: { rule: 'r', severity: 'low' } },
      { kind: 'custom', name: 'nonamespace', actor: 'a', purpose: 'p' },
      { kind: 'custom', name: 'Acme.Bad', actor: 'a', purpose: 'p' },
      { kind: 'field.view', actor: 'a', purpose: 'p', data: { n: Number.NaN } },
      { kind: 'field.view', actor: 'a', purpose: 'p', data: { d: new Date() } },
      { kind: 'field.view', actor: 'a', purpose: 'p', data: { s: '\ud800' } },
      { kind: 'field.view', actor: 'a', purpose: 'p', paths: ['ok', 3] },
      { kind: 'field.view', actor: 'a', purpose: 'p', data: { big: 'x'.repeat(70_000) } },
    ];
    for (const c of cases) {
      await expect(log.append(c as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect((await log.head()).size).toBe(0);
  });

  it('rejects every later append once the sink failed, and says to reopen', async () => {
    const inner = memorySink();
    let fail = false;
    const sink: AuditSink = {
      open: () => inner.open(),
      append: async (e: AuditEntry) => {
        if (fail) throw new Error('disk full');
        await inner.append(e);
      },
      read: (from) => inner.read(from),
      close: () => inner.close(),
    };
    const log = createAuditLog({ sink });
    await log.append(sampleEvent(0));
    fail = true;
    const err = await log.append(sampleEvent(1)).catch((e: unknown) => e);
    expect(isPiiError(err) && err.code).toBe('AUDIT_SINK_FAILED');
    fail = false;
    await expect(log.append(sampleEvent(2))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    await expect(log.checkpoint()).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    expect(inner.entries).toHaveLength(1);
  });

  it('surfaces a second writer on the same sink as STORE_CONFLICT instead of forking the chain', async () => {
    const sink = memorySink();
    const a = createAuditLog({ sink });
    const b = createAuditLog({ sink });
    await a.open();
    await b.open();
    await a.append(sampleEvent(0));
    await expect(b.append(sampleEvent(1))).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
  });

  it('signs checkpoints with an external signer and checks what it returns', async () => {
    const key = ed25519.keygen();
    const calls: Uint8Array[] = [];
    const signer = {
      publicKey: key.publicKey,
      sign: async (m: Uint8Array) => {
        calls.push(m);
        return ed25519.sign(m, key.secretKey);
      },
    };
    const log = createAuditLog({ sink: memorySink(), signingKey: signer });
    expect(log.publicKey).toEqual(key.publicKey);
    await log.append(sampleEvent(0));
    const cp = await log.checkpoint();
    expect(calls).toHaveLength(1);
    expect(verifyCheckpoint(cp, key.publicKey)).toBe(true);

    const other = ed25519.keygen();
    const wrong = createAuditLog({
      sink: memorySink(),
      signingKey: { publicKey: key.publicKey, sign: (m: Uint8Array) => ed25519.sign(m, other.secretKey) },
    });
    await expect(wrong.checkpoint()).rejects.toMatchObject({ code: 'KEY_INVALID' });
    const failing = createAuditLog({
      sink: memorySink(),
      signingKey: {
        publicKey: key.publicKey,
        sign: () => {
          throw new Error('kms unavailable');
        },
      },
    });
    await expect(failing.checkpoint()).rejects.toMatchObject({ code: 'KEY_INVALID' });
    expect(() =>
      createAuditLog({
        sink: memorySink(),
        signingKey: { publicKey: new Uint8Array(8), sign: () => new Uint8Array(64) },
      }),
    ).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });

  it('never checkpoints an entry the sink has not acknowledged', async () => {
    const inner = memorySink();
    const gates: Array<() => void> = [];
    let hold = false;
    const sink: AuditSink = {
      open: () => inner.open(),
      append: async (e: AuditEntry) => {
        if (hold) await new Promise<void>((r) => gates.push(r));
        await inner.append(e);
      },
      read: (from) => inner.read(from),
      close: () => inner.close(),
    };
    const log = createAuditLog({ sink });
    await log.append(sampleEvent(0));
    const cpPromise = log.checkpoint();
    hold = true;
    const pending = log.append(sampleEvent(1));
    const cp = await cpPromise;
    expect(cp.size).toBe(1);
    expect(cp.head).toBe(inner.entries[0]!.hash);
    for (const g of gates) g();
    await pending;
    expect((await log.head()).size).toBe(2);
  });

  it('refuses to continue from a sink whose last entry is not valid', async () => {
    const good = memorySink();
    await createAuditLog({ sink: good }).append(sampleEvent(0));
    const tampered = memorySink([{ ...good.entries[0]!, actor: 'x' }]);
    await expect(createAuditLog({ sink: tampered }).append(sampleEvent(1))).rejects.toMatchObject({
      code: 'AUDIT_CORRUPT',
    });
  });

  it('treats a sink that throws synchronously like one that rejects', async () => {
    const inner = memorySink();
    const sink: AuditSink = {
      open: () => inner.open(),
      append: () => {
        throw new Error('boom');
      },
      read: (from) => inner.read(from),
      close: () => inner.close(),
    };
    const log = createAuditLog({ sink });
    await expect(log.append(sampleEvent(0))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    await expect(log.head()).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
  });
});

// Checkpoint signing with either key kind (the SM2 specifics: test/audit/sm2-checkpoint.test.ts).
describe.each(SIGNING_ALGS)('createAuditLog with a %s key', (alg) => {
  it('signs checkpoints over the acknowledged head when it has a key', async () => {
    const key = keyFor(alg);
    const sink = memorySink();
    const log = createAuditLog({ sink, signingKey: key });
    expect(log.publicKey).toEqual(key.publicKey);
    for (let i = 0; i < 5; i++) void log.append(sampleEvent(i));
    const cp = await log.checkpoint();
    expect(cp.size).toBe(5);
    expect(cp.head).toBe(sink.entries[4]!.hash);
    expect(verifyCheckpoint(cp, key.publicKey)).toBe(true);
    expect(verifyCheckpoint({ ...cp, size: 4 }, key.publicKey)).toBe(false);
    expect(verifyCheckpoint(cp, keyFor(alg).publicKey)).toBe(false);
    expect(await log.head()).toEqual({ size: 5, hash: cp.head });
  });

  it('verifies its own sink with its own public key', async () => {
    const key = keyFor(alg);
    const log = createAuditLog({ sink: memorySink(), signingKey: key });
    for (let i = 0; i < 10; i++) await log.append(sampleEvent(i));
    const checkpoint = await log.checkpoint();
    expect(await log.verify({ checkpoint })).toMatchObject({ ok: true, size: 10 });
  });
});
