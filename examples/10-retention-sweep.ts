/**
 * Example 10: a retention sweep (PIPL Art. 19, 47). Waybill data is destroyed 90 days after
 * delivery — a configurable *practice* number (the Courier Interim Regulations ask for periodic
 * destruction without a period) — except under a legal hold. A dry run comes first; then keys
 * are crypto-shredded (each recorded first in the vault's erasure ledger, so a key-store restore
 * cannot bring it back), blind-index rows deleted, and every batch gets a signed certificate that
 * says per path what happened (crypto-shred, deleted, or pending) and is also in the audit log.
 * Run: npx tsx examples/10-retention-sweep.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPiiError } from 'courier-pii';
import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
import { generateSigningKey } from 'courier-pii/consent';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import {
  DEFAULT_RETENTION_RULES,
  type DestroyAction,
  type LifecycleRecord,
  type RecordSource,
  sweep,
  verifyDestructionCertificate,
} from 'courier-pii/lifecycle';
import { pii } from 'courier-pii/schema';
import * as z from 'zod';

const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
    trace: z.array(pii.geo()).optional(),
  }),
);
const DAY = 86_400_000;

export async function main() {
  const sink = memorySink();
  const audit = createAuditLog({ sink });
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    audit, // the erasure ledger: one key.destroyed event per destroyed key
  });
  // The caller's parcel table and phone look-up table (blind index → record ids).
  const table = new Map<string, LifecycleRecord>();
  const phoneIndex = new Map<string, string>();
  const delivered = Date.UTC(2026, 5, 1);
  const customers = [
    ['p1', 'cust-1', delivered],
    ['p2', 'cust-2', delivered],
    ['p3', 'cust-3', delivered + 60 * DAY], // delivered later: not due yet
    ['p4', 'cust-4', delivered], // under a legal hold
  ] as const;
  for (const [id, subject, at] of customers) {
    const { record, indexes } = await vault.seal(
      Parcel,
      {
        waybillNo: `SF${1_000_000_000_000 + table.size}`,
        recipient: {
          name: '张三',
          phone: `1381234567${table.size}`,
          address: `山东省青岛市市南区香港中路${61 + table.size}号`,
        },
        trace: [{ lat: 36.0671, lng: 120.3826 }],
      },
      { recordId: id, subjects: { recipient: subject } },
    );
    table.set(id, {
      id,
      schema: Parcel,
      subjects: { recipient: subject },
      events: { deliveredAt: at },
      purposes: ['delivery'],
      data: record,
      indexes,
    });
    for (const ix of Object.values(indexes)) phoneIndex.set(ix, id);
  }
  const backupOfP1 = structuredClone(table.get('p1')!.data);

  const source: RecordSource = {
    async *records() {
      yield* [...table.values()];
    },
    async destroy(action: DestroyAction) {
      for (const ix of action.indexes) phoneIndex.delete(ix);
      if (action.wholeRecord) table.delete(action.recordId);
    },
  };
  const signingKey = generateSigningKey();
  const now = delivered + 100 * DAY;
  const holds = [{ id: 'claim-2026-118', reason: 'open damage claim', records: ['p4'] }];

  const dry = await sweep({ now, rules: DEFAULT_RETENTION_RULES, source, vault, holds, dryRun: true });
  console.log(
    `dry run: would shred ${dry.shred.map((s) => s.keyId).join(', ')}; held: ${dry.held.map((h) => h.recordId).join(', ')}`,
  );

  const report = await sweep({
    now,
    rules: DEFAULT_RETENTION_RULES,
    source,
    vault,
    holds,
    audit,
    signingKey,
  });
  const cert = report.certificates[0]!;
  console.log(
    `destroyed keys: ${report.keyIdsDestroyed.join(', ')}; blind-index rows deleted: ${report.indexesToDelete.length}`,
  );
  console.log(
    `certificate ${cert.id}: rules ${cert.rules.map((r) => `${r.id} (${r.label})`).join(', ')}; signature valid: ${verifyDestructionCertificate(cert, signingKey.publicKey)}`,
  );
  for (const item of cert.items)
    console.log(`  ${item.method.padEnd(12)} ${item.keyId ?? item.recordId}: ${item.paths.join(', ')}`);
  console.log(`pending (still to delete by hand): ${report.pending.length}`);

  const backupAttempt = await vault
    .open(Parcel, backupOfP1 as Record<string, unknown>, { recordId: 'p1' })
    .then(() => 'opened')
    .catch((e: unknown) => (isPiiError(e) ? e.code : 'unexpected'));
  console.log('opening a backup copy of p1:', backupAttempt);
  console.log(
    'records left:',
    [...table.keys()].join(', '),
    '| audit chain valid:',
    verifyAuditLog(sink.entries).ok,
  );
  return {
    dry,
    report,
    certificateValid: verifyDestructionCertificate(cert, signingKey.publicKey),
    backupAttempt,
    remaining: [...table.keys()],
    phoneIndexSize: phoneIndex.size,
    auditKinds: sink.entries.map((e) => e.kind),
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
