import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AuditCheckpoint,
  type AuditEntry,
  type AuditEvent,
  checkpointMessage,
  computeEntryHash,
  createAuditLog,
  entryHashInput,
  memorySink,
  verifyAuditLog,
  verifyCheckpoint,
} from 'courier-pii/audit';
import { fromBase64url, fromHex, toHex } from '../../src/_internal/bytes.js';
import { backend, nobleBackend } from '../../src/audit/backend.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';

interface Vectors {
  signingKey: { secretKey: string; publicKey: string };
  events: AuditEvent[];
  entries: Array<{ entry: AuditEntry; canonical: string; hashInputHex: string }>;
  checkpoint: { checkpoint: AuditCheckpoint; messageHex: string };
  tampered: Array<{
    name: string;
    op: { type: string; index?: number; other?: number; field?: string; value?: unknown };
    withCheckpoint?: boolean;
    expect: { firstBadIndex?: number; failure: string };
  }>;
}

const V = JSON.parse(readFileSync(new URL('../vectors/audit/v1.json', import.meta.url), 'utf8')) as Vectors;
const secretKey = fromHex(V.signingKey.secretKey);
const publicKey = fromHex(V.signingKey.publicKey);
const entries = V.entries.map((x) => x.entry);

describe('audit format v1 vectors', () => {
  it('reproduces every frozen entry, byte for byte, from the same events and clock', async () => {
    let t = Date.UTC(2026, 0, 1, 8, 0, 0);
    const sink = memorySink();
    const log = createAuditLog({
      sink,
      signingKey: secretKey,
      clock: () => {
        const x = t;
        t += 1500;
        return x;
      },
    });
    for (const e of V.events) await log.append(e);
    expect(JSON.parse(JSON.stringify(sink.entries))).toEqual(entries);
    expect(await log.checkpoint()).toEqual(V.checkpoint.checkpoint);
  });

  for (const [name, be] of [
    ['the default backend', backend],
    ['the noble backend', nobleBackend],
  ] as const) {
    it(`hashes the frozen canonical encoding to the frozen hashes with ${name}`, () => {
      for (const { entry, canonical, hashInputHex } of V.entries) {
        const { hash: _h, ...rest } = entry;
        expect(canonicalJson(rest)).toBe(canonical);
        expect(toHex(entryHashInput(entry))).toBe(hashInputHex);
        expect(toHex(be.sha256(fromHex(hashInputHex)))).toBe(entry.hash);
        expect(be.sha256Hex(fromHex(hashInputHex))).toBe(entry.hash);
        expect(computeEntryHash(entry)).toBe(entry.hash);
      }
    });

    it(`signs the frozen checkpoint message to the frozen signature with ${name}`, () => {
      const cp = V.checkpoint.checkpoint;
      const msg = checkpointMessage(cp);
      expect(toHex(msg)).toBe(V.checkpoint.messageHex);
      const sig = be.sign(secretKey, msg);
      expect(sig).toEqual(fromBase64url(cp.sig!));
      expect(be.verify(publicKey, msg, sig)).toBe(true);
      expect(toHex(be.publicKey(secretKey))).toBe(V.signingKey.publicKey);
      const bad = new Uint8Array(sig);
      bad[10]! ^= 1;
      expect(be.verify(publicKey, msg, bad)).toBe(false);
    });
  }

  it('verifies the frozen log and checkpoint', () => {
    expect(verifyCheckpoint(V.checkpoint.checkpoint, publicKey)).toBe(true);
    expect(verifyAuditLog(entries, { publicKey, checkpoint: V.checkpoint.checkpoint })).toEqual({
      ok: true,
      size: 5,
      head: V.checkpoint.checkpoint.head,
    });
  });

  for (const c of V.tampered) {
    it(`gives the frozen verdict for: ${c.name}`, () => {
      let t = JSON.parse(JSON.stringify(entries)) as AuditEntry[];
      let cp = { ...V.checkpoint.checkpoint };
      const { type, index = 0, other = 0, field = '', value } = c.op;
      if (type === 'edit') (t[index] as unknown as Record<string, unknown>)[field] = value;
      else if (type === 'delete') t.splice(index, 1);
      else if (type === 'swap') [t[index], t[other]] = [t[other]!, t[index]!];
      else if (type === 'truncate') t = t.slice(0, index);
      else if (type === 'flipSig') {
        const sig = fromBase64url(cp.sig!)!;
        sig[0]! ^= 1;
        cp = { ...cp, sig: Buffer.from(sig).toString('base64url') };
      } else throw new Error(`unknown op ${type}`);
      const r = verifyAuditLog(t, c.withCheckpoint ? { publicKey, checkpoint: cp } : {});
      expect(r.ok).toBe(false);
      expect({ firstBadIndex: r.firstBadIndex, failure: r.failure }).toEqual({
        firstBadIndex: c.expect.firstBadIndex,
        failure: c.expect.failure,
      });
    });
  }
});
