import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFile } from '../../src/cli/files.js';
import { createAuditLog, fileSink } from '../../src/audit/index.js';
import { createKeyring, createVault, fileKeyStore } from '../../src/crypto/index.js';
import { type HandoverManifest, type HandoverNotice, verifyManifest } from '../../src/lifecycle/index.js';
import { Parcel } from './fixtures/parcel-module.js';
import {
  handoverFixture,
  PARCEL_MODULE as MODULE,
  run,
  secretsOf,
  seedStore,
  sweepArgs,
  tmp,
  writeJson,
} from './helpers.js';

const mode = (p: string) => statSync(p).mode & 0o777;

async function kekIdsIn(storePath: string): Promise<string[]> {
  const s = fileKeyStore(storePath);
  const ids: string[] = [];
  for await (const r of s.list()) ids.push(r.state === 'active' ? r.kekId : 'destroyed');
  await s.close();
  return ids;
}

/** Seals and opens a record for subject cust-0 with only this folder's KEK: needs its existing DEK. */
async function opensWith(keysDir: string, storePath: string): Promise<boolean> {
  const kek = readKeyFile(join(keysDir, 'kek.json'), 'kek');
  const index = readKeyFile(join(keysDir, 'index.json'), 'index');
  const keyStore = fileKeyStore(storePath);
  try {
    const vault = createVault({
      keyring: createKeyring({ keks: [kek], active: kek.id }),
      keyStore,
      indexKey: index.key,
    });
    const { record } = await vault.seal(
      Parcel,
      { waybillNo: 'SF1000000000999', recipient: { name: '李四', phone: '13900000000' } },
      { recordId: 'probe', subjects: { recipient: 'cust-0' } },
    );
    const back = await vault.open(Parcel, record, { recordId: 'probe' });
    return back.recipient.phone === '+8613900000000' || back.recipient.phone === '13900000000';
  } finally {
    await keyStore.close();
  }
}

describe('courier-pii happy paths', () => {
  it('keygen writes valid key files, secrets 0600 and the public key 0644, and never prints a key', async () => {
    const dir = join(tmp(), 'keys');
    const r = await run('keygen', '--out', dir, '--id', 'kek-2026');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KEK id kek-2026');
    expect(mode(join(dir, 'kek.json'))).toBe(0o600);
    expect(mode(join(dir, 'index.json'))).toBe(0o600);
    expect(mode(join(dir, 'signing.json'))).toBe(0o600);
    expect(mode(join(dir, 'signing.pub.json'))).toBe(0o644);
    expect(readKeyFile(join(dir, 'kek.json'), 'kek').id).toBe('kek-2026');
    expect(readKeyFile(join(dir, 'index.json'), 'index').key).toHaveLength(32);
    const signing = readKeyFile(join(dir, 'signing.json'), 'signing');
    const pub = JSON.parse(readFileSync(join(dir, 'signing.pub.json'), 'utf8')) as { publicKey: string };
    expect(pub.publicKey).toBe(Buffer.from(signing.publicKey!).toString('base64url'));
    for (const s of secretsOf(dir)) expect(r.stdout + r.stderr).not.toContain(s);
    const again = await run('keygen', '--out', dir, '--force', '--id', 'kek-2027');
    expect(again.code).toBe(0);
    expect(readKeyFile(join(dir, 'kek.json'), 'kek').id).toBe('kek-2027');
  });

  it('rotate rewraps every key of a file store to the new KEK, reports progress, and a rerun does nothing', async () => {
    const dir = tmp();
    await run('keygen', '--out', join(dir, 'old'), '--id', 'kek-old');
    await run('keygen', '--out', join(dir, 'new'), '--id', 'kek-new');
    const store = join(dir, 'keys.store');
    await seedStore(join(dir, 'old'), store, 40);
    const args = [
      'rotate',
      '--keys',
      join(dir, 'old'),
      '--store',
      store,
      '--new-kek',
      join(dir, 'new', 'kek.json'),
    ];
    const r = await run(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: 40 of 40 subject keys rewrapped from KEK kek-old to kek-new');
    expect(r.stderr).toContain('rotating: 100% (40/40)');
    expect(r.stderr).toMatch(/rotating: done in [\d.]+ s \(40 rewrapped\)/);
    expect(new Set(await kekIdsIn(store))).toEqual(new Set(['kek-new']));
    const again = await run(...args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('OK: 0 of 40 subject keys rewrapped');
    // The data keys still open under the new KEK alone.
    expect(await opensWith(join(dir, 'new'), store)).toBe(true);
  });

  it('handover moves every key to the buyer, writes a countersigned manifest and the notices', async () => {
    const { dir, store, args: handoverArgs } = await handoverFixture(25);
    const args = handoverArgs(
      'delivery, customer-service',
      '--progress-store',
      join(dir, 'progress.json'),
      '--audit',
      join(dir, 'audit.jsonl'),
    );
    const r = await run(...args);
    expect(r.stderr).toContain('handing over: 100% (25/25)');
    expect(r.stdout).toContain(
      'OK: handover handover-feiyun: 25 people and 0 record keys now under KEK buyer-kek',
    );
    expect(r.stdout).toContain('people (data subjects): 25 moved, 0 erased before the handover');
    expect(r.stdout).toContain('live keys: 25, 25 opened by the buyer');
    expect(r.code).toBe(0);
    expect(new Set(await kekIdsIn(store))).toEqual(new Set(['buyer-kek']));
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as HandoverManifest;
    expect(manifest.subjects).toEqual({ active: 25, erased: 0 });
    expect(manifest.purposes).toEqual(['customer-service', 'delivery']);
    const pub = (d: string) => readKeyFile(join(dir, d, 'signing.json'), 'signing').publicKey!;
    expect(
      verifyManifest(manifest, { sellerPublicKey: pub('seller'), buyerPublicKey: pub('buyer') }),
    ).toEqual({
      seller: true,
      buyer: true,
    });
    const notices = readFileSync(join(dir, 'out', 'notices.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as HandoverNotice);
    expect(notices).toHaveLength(25);
    expect(notices[0]!.recipient).toEqual({
      name: 'Feiyun Logistics Co.',
      contact: 'privacy@feiyun.example',
    });
    expect(mode(join(dir, 'out', 'notices.jsonl'))).toBe(0o600);
    const kinds = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds[0]).toBe('handover.started');
    expect(kinds.at(-1)).toBe('handover.completed');
    expect((await run('audit', 'verify', join(dir, 'audit.jsonl'))).code).toBe(0);
    // Resuming a finished handover keeps the manifest and changes nothing.
    const again = await run(...args, '--force');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('(0 rewrapped by this run');
    expect(await opensWith(join(dir, 'buyer'), store)).toBe(true);
    await expect(opensWith(join(dir, 'seller'), store)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
  });

  it('audit verify accepts a log written by fileSink with its checkpoints, and exits 1 once an entry is tampered', async () => {
    const dir = tmp();
    await run('keygen', '--out', join(dir, 'keys'));
    const signing = readKeyFile(join(dir, 'keys', 'signing.json'), 'signing');
    const path = join(dir, 'audit.jsonl');
    const log = createAuditLog({
      sink: fileSink(path),
      signingKey: { secretKey: signing.key, publicKey: signing.publicKey },
    });
    for (let i = 0; i < 20; i++) {
      await log.append({
        kind: 'key.destroyed',
        actor: 'ops-1',
        purpose: 'retention',
        keyIds: [`dek-${i}`],
        data: { keyId: `dek-${i}` },
      });
    }
    const first = await log.checkpoint();
    await log.append({
      kind: 'key.destroyed',
      actor: 'ops-1',
      purpose: 'retention',
      keyIds: ['dek-x'],
      data: { keyId: 'dek-x' },
    });
    const second = await log.checkpoint();
    await log.close();
    const cps = writeJson(join(dir, 'cps.json'), [first, second]);
    const one = writeJson(join(dir, 'cp.json'), second);
    const pub = join(dir, 'keys', 'signing.pub.json');
    const ok = await run('audit', 'verify', path, '--checkpoint', cps, '--public-key', pub);
    expect(ok.stdout).toBe('OK: 21 entries verify\n');
    expect(ok.code).toBe(0);
    expect((await run('audit', 'verify', path, '-c', one, '-k', pub, '--json')).stdout).toContain(
      '"ok":true',
    );

    const lines = readFileSync(path, 'utf8').split('\n');
    lines[5] = lines[5]!.replace('dek-5', 'dek-6');
    writeFileSync(path, lines.join('\n'));
    const bad = await run('audit', 'verify', path, '--checkpoint', cps, '--public-key', pub);
    expect(bad.code).toBe(1);
    // One line, naming the file; no progress summary for a log that does not verify.
    expect(bad.stdout.startsWith('FAILED at entry 5: ')).toBe(true);
    expect(bad.stdout.endsWith(` (${path})\n`)).toBe(true);
    expect(bad.stdout.split('\n')).toHaveLength(2);
    expect(bad.stderr).not.toContain('verifying: done');
  });

  it('sweep --dry-run prints per rule what would be destroyed and changes nothing', async () => {
    const dir = tmp();
    const rules = writeJson(join(dir, 'rules.json'), [
      {
        id: 'waybill-data',
        label: 'practice',
        basis: 'company policy',
        keep: 'P90D',
        from: 'deliveredAt',
        match: { purposes: ['delivery'] },
      },
    ]);
    // Delivered 2026-08-01..05; at noon on 2026-11-01 the first three (90 days ended 10-30, 10-31, 11-01) are due:
    // each with its recipient key and its record key (the waybill number has no subject).
    const r = await run(...sweepArgs(rules, 'dry-run'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DRY RUN, nothing changed at 2026-11-01T12:00:00.000Z: 5 records scanned');
    expect(r.stdout).toContain('rule waybill-data: 3 records, 9 fields and 6 keys would be destroyed');
    expect(r.stdout).toContain('keys to crypto-shred: 6 (those of them that exist in the key store)');
    expect(r.stderr).toMatch(/scanning \(dry run\): done in [\d.]+ s \(5 records\)/);
    const json = await run(...sweepArgs(rules, 'dry-run', '--json'));
    const report = JSON.parse(json.stdout) as { dryRun: boolean; shred: Array<{ keyId: string }> };
    expect(report.dryRun).toBe(true);
    expect(report.shred.map((s) => s.keyId).sort()).toEqual([
      'cust-0',
      'cust-1',
      'cust-2',
      'record:p0',
      'record:p1',
      'record:p2',
    ]);
  });

  it('sweep without --dry-run shreds the due keys and writes signed certificates', async () => {
    const dir = tmp();
    await run('keygen', '--out', join(dir, 'keys'), '--id', 'kek-1');
    const store = join(dir, 'keys.store');
    await seedStore(join(dir, 'keys'), store, 5);
    const rules = writeJson(join(dir, 'rules.json'), [
      { id: 'waybill-data', label: 'practice', basis: 'company policy', keep: 'P90D', from: 'deliveredAt' },
    ]);
    const certs = join(dir, 'certs.json');
    const auditLog = join(dir, 'audit.jsonl');
    const r = await run(
      ...sweepArgs(rules, { keys: join(dir, 'keys'), store, certificates: certs, audit: auditLog }),
    );
    expect(r.stdout).toContain('SWEEP DONE');
    // Only the recipients' keys exist in the store: the unsealed waybill number never needed a
    // record key. The rule's row, the total and the certificates all count the same 3 keys.
    expect(r.stdout).toContain('rule waybill-data: 3 records, 9 fields and 3 keys destroyed');
    expect(r.stdout).toContain('keys crypto-shredded: 3 (6 were due; 3 of them never held a key)');
    expect(r.stdout).toMatch(/1 signed certificates \(naming the same 3 keys\) written to /);
    expect(r.code).toBe(0);
    expect((await kekIdsIn(store)).filter((k) => k === 'destroyed')).toHaveLength(6); // tombstones, record keys included
    const written = JSON.parse(readFileSync(certs, 'utf8')) as Array<{ keyIdsDestroyed: string[] }>;
    expect(written.flatMap((c) => c.keyIdsDestroyed).sort()).toEqual(['cust-0', 'cust-1', 'cust-2']);
    const events = readFileSync(auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    // The erasure ledger: one key.destroyed per planned key (recorded before it is destroyed), then
    // the batch's retention.destroyed with its certificate.
    expect(events.map((e) => e.kind)).toEqual([...Array(6).fill('key.destroyed'), 'retention.destroyed']);
    expect((await run('audit', 'verify', auditLog)).stdout).toBe('OK: 7 entries verify\n');
  });

  it('inventory prints Markdown, JSON and Mermaid for a module, and writes a file with --out', async () => {
    const md = await run('inventory', MODULE);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('recipient.phone');
    expect(md.stderr).toMatch(
      /inventory: 1 schemas, 1 policies, 3 fields \(2 sensitive|inventory: 1 schemas, 1 policies, 3 fields/,
    );
    const json = await run('inventory', MODULE, '--format', 'json');
    const doc = JSON.parse(json.stdout) as { format: string; fields: Array<{ path: string }> };
    expect(doc.format).toBe('courier-pii/inventory/v1');
    expect(doc.fields.map((f) => f.path)).toContain('recipient.name');
    const mer = await run('inventory', MODULE, '-f', 'mermaid');
    expect(mer.stdout).toMatch(/^(flowchart|graph|erDiagram|classDiagram)/);
    const file = join(tmp(), 'inventory.md');
    const w = await run('inventory', MODULE, '--out', file);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    const undated = (t: string) => t.replace(/Generated \S+/, 'Generated <time>');
    expect(undated(readFileSync(file, 'utf8'))).toBe(undated(md.stdout));
  });
});
