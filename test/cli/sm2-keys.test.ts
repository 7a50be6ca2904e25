// The CLI with SM2 signing keys: `keygen --alg sm2` writes version 2 key files, an unknown alg
// is refused, and the commands that sign or verify (audit verify of a checkpoint, handover with
// its manifest and countersignature) work with SM2 key folders, the algorithm read from the file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog, fileSink } from '../../src/audit/index.js';
import { loadKeyFolder } from '../../src/crypto/index.js';
import {
  type DestructionCertificate,
  type HandoverManifest,
  verifyDestructionCertificate,
  verifyManifest,
} from '../../src/lifecycle/index.js';
import { handoverFixture, run, secretsOf, seedStore, sweepArgs, tmp, writeJson } from './helpers.js';

describe('CLI with SM2 signing keys', () => {
  it('keygen --alg sm2 writes an SM2 key pair in courier-pii-key/2; an unknown alg writes nothing', async () => {
    const dir = tmp();
    const r = await run('keygen', '--out', join(dir, 'keys'), '--alg', 'sm2');
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['signing.json', 'signing.pub.json']) {
      const d = JSON.parse(readFileSync(join(dir, 'keys', f), 'utf8'));
      expect(d).toMatchObject({ format: 'courier-pii-key/2', alg: 'sm2' });
      expect(Buffer.from(d.publicKey, 'base64url')).toHaveLength(65);
    }
    expect(JSON.parse(readFileSync(join(dir, 'keys', 'kek.json'), 'utf8')).format).toBe('courier-pii-key/1');
    expect(loadKeyFolder(join(dir, 'keys')).signingKey?.alg).toBe('sm2');
    for (const s of secretsOf(join(dir, 'keys'))) expect(r.stdout + r.stderr).not.toContain(s);

    const bad = await run('keygen', '--out', join(dir, 'bad'), '--alg', 'rsa');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INVALID_ARGUMENT');
    expect(bad.stderr).toContain('--alg must be ed25519 or sm2');
    expect(existsSync(join(dir, 'bad', 'signing.json'))).toBe(false);
    const both = await run('keygen', '--out', join(dir, 'both'), '--alg', 'sm2', '--kek-only');
    expect(both.stderr).toContain('INVALID_ARGUMENT');
    // The default stays Ed25519, version 1.
    await run('keygen', '--out', join(dir, 'ed'));
    const ed = JSON.parse(readFileSync(join(dir, 'ed', 'signing.json'), 'utf8'));
    expect(ed.format).toBe('courier-pii-key/1');
    expect(ed.alg).toBeUndefined();
  });

  it('audit verify checks an SM2-signed checkpoint with the SM2 public key file, and refuses another key', async () => {
    const dir = tmp();
    await run('keygen', '--out', join(dir, 'keys'), '--alg', 'sm2');
    await run('keygen', '--out', join(dir, 'other'), '--alg', 'sm2');
    await run('keygen', '--out', join(dir, 'ed'));
    const path = join(dir, 'audit.jsonl');
    const log = createAuditLog({
      sink: fileSink(path),
      signingKey: loadKeyFolder(join(dir, 'keys')).signingKey!,
    });
    for (let i = 0; i < 5; i++)
      await log.append({
        kind: 'key.destroyed',
        actor: 'ops',
        purpose: 'retention',
        keyIds: [`k${i}`],
        data: { keyId: `k${i}` },
      });
    const cp = writeJson(join(dir, 'cp.json'), await log.checkpoint());
    await log.close();
    const ok = await run('audit', 'verify', path, '-c', cp, '-k', join(dir, 'keys', 'signing.pub.json'));
    expect(ok.stdout).toBe('OK: 5 entries verify\n');
    // signing.json works too (its public half)
    expect((await run('audit', 'verify', path, '-c', cp, '-k', join(dir, 'keys', 'signing.json'))).code).toBe(
      0,
    );
    for (const wrong of ['other', 'ed']) {
      const r = await run('audit', 'verify', path, '-c', cp, '-k', join(dir, wrong, 'signing.pub.json'));
      expect(r.code, wrong).toBe(1);
      expect(r.stdout, wrong).toContain('FAILED');
    }
  });

  it.each([
    ['sm2', 'sm2'],
    ['sm2', 'ed25519'],
  ])(
    'handover with a %s seller key and a %s buyer key: SM2-signed manifest, verified and countersigned',
    async (sellerAlg, buyerAlg) => {
      const { dir, args } = await handoverFixture(6, { seller: sellerAlg, buyer: buyerAlg });
      const r = await run(...args('delivery'));
      expect(r.code, r.stderr).toBe(0);
      const m = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as HandoverManifest;
      expect(m.sellerSignature.startsWith('sm2:')).toBe(true);
      expect(m.buyerSignature?.startsWith('sm2:')).toBe(buyerAlg === 'sm2');
      const sellerPublicKey = loadKeyFolder(join(dir, 'seller')).signingKey!.publicKey;
      const buyerPublicKey = loadKeyFolder(join(dir, 'buyer')).signingKey!.publicKey;
      expect(verifyManifest(m, { sellerPublicKey, buyerPublicKey })).toMatchObject({
        seller: true,
        buyer: true,
      });
      // Another SM2 seller key does not verify it.
      await run('keygen', '--out', join(dir, 'mallory'), '--alg', 'sm2');
      const mallory = loadKeyFolder(join(dir, 'mallory')).signingKey!.publicKey;
      expect(verifyManifest(m, { sellerPublicKey: mallory }).seller).toBe(false);
    },
  );

  it("sweep signs its destruction certificates with the folder's SM2 key", async () => {
    const dir = tmp();
    await run('keygen', '--out', join(dir, 'keys'), '--id', 'kek-1', '--alg', 'sm2');
    const store = join(dir, 'keys.store');
    await seedStore(join(dir, 'keys'), store, 3);
    const rules = writeJson(join(dir, 'rules.json'), [
      { id: 'waybill-data', label: 'practice', basis: 'company policy', keep: 'P90D', from: 'deliveredAt' },
    ]);
    const certs = join(dir, 'certs.json');
    const r = await run(
      ...sweepArgs(rules, {
        keys: join(dir, 'keys'),
        store,
        certificates: certs,
        audit: join(dir, 'audit.jsonl'),
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(readFileSync(certs, 'utf8')) as DestructionCertificate[];
    expect(written.length).toBeGreaterThan(0);
    const pub = loadKeyFolder(join(dir, 'keys')).signingKey!.publicKey;
    for (const c of written) {
      expect(c.signature.startsWith('sm2:')).toBe(true);
      expect(verifyDestructionCertificate(c, pub)).toBe(true);
      expect(verifyDestructionCertificate({ ...c, sweepId: `${c.sweepId}x` }, pub)).toBe(false);
    }
  });
});
