/**
 * Example 03: erase a customer by destroying their key (crypto-shredding). Every copy of their
 * sealed fields, in backups too, becomes unreadable; other people on the same parcels are untouched.
 * The vault records the erasure in its erasure ledger (a `key.destroyed` audit event, then a
 * tombstone in the key store), so restoring last night's key-store backup keeps the customer erased.
 * Run: npx tsx examples/03-erase-a-customer.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { isPiiError } from 'courier-pii';
import { pii } from 'courier-pii/schema';
import { backupKeyStore, restoreKeyStore } from 'courier-pii/stores';
import * as z from 'zod';

const Party = z.object({
  name: pii.name({ level: 'sensitive' }),
  phone: pii.phone(),
  address: pii.address(),
});
const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
  }),
);

export async function main() {
  // In production: a fileSink or a database audit sink, and a durable key store.
  const audit = createAuditLog({ sink: memorySink() });
  const keyring = createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' });
  const keyStore = memoryKeyStore();
  const indexKey = generateKey();
  const vault = createVault({ keyring, keyStore, indexKey, audit });
  const shop = { name: '杭州茶叶店', phone: '13900001111', address: '浙江省杭州市西湖区龙井路8号' };
  const li = { name: '李四', phone: '13812345678', address: '山东省青岛市市南区香港中路61号' };
  const zhao = { name: '赵六', phone: '13700002222', address: '北京市朝阳区建国路88号' };

  const p1 = await vault.seal(
    Parcel,
    { waybillNo: 'SF1000000000001', sender: shop, recipient: li },
    { recordId: 'p1', subjects: { sender: 'shop-7', recipient: 'cust-li' } },
  );
  const p2 = await vault.seal(
    Parcel,
    { waybillNo: 'SF1000000000002', sender: shop, recipient: zhao },
    { recordId: 'p2', subjects: { sender: 'shop-7', recipient: 'cust-zhao' } },
  );
  const backup = structuredClone(p1.record); // a copy somewhere in a backup
  // The look-up table a service keeps next to its rows: blind index -> parcel ids.
  const lookup = new Map([[p1.indexes['recipient.phone']!, ['p1']]]);
  // Last night's key-store backup, taken before the erasure.
  const dir = mkdtempSync(join(tmpdir(), 'cpii-example-03-'));
  const backupFile = join(dir, 'keys.backup');
  await backupKeyStore(keyStore, backupFile, { audit });

  // 李四 asks for deletion (PIPL Art. 47). The caller passes what it still knows of the customer,
  // so the certificate lists the blind-index rows to delete too, and the schema, so it says per
  // field what became of it (sealed fields: crypto-shred; fields stored in clear: pending).
  const certificate = await vault.eraseSubject('cust-li', {
    knownValues: [{ kind: 'phone', value: li.phone }],
    schemas: [Parcel],
    actor: 'dpo-1',
  });
  console.log('erasure certificate:', JSON.stringify(certificate, null, 2));
  // Delete the look-up rows the certificate lists (in SQL:
  // DELETE FROM parcel_lookup WHERE phone_index = ANY($1)).
  for (const { index } of certificate.indexesToDelete) lookup.delete(index);

  const attempt = await vault
    .open(Parcel, backup, { recordId: 'p1' })
    .catch((e: unknown) => (isPiiError(e) ? e.code : 'unexpected'));
  console.log('opening the backup copy of parcel p1:', attempt);

  // The shop's fields on the same parcel still open; so does the other customer's parcel.
  const shopView = await vault.open(Parcel, backup, { recordId: 'p1', paths: ['sender'] });
  const other = await vault.open(Parcel, p2.record, { recordId: 'p2' });
  console.log(
    'sender of p1 still readable:',
    shopView.sender.name,
    '| recipient of p2:',
    other.recipient.name,
  );

  // An erased id stays erased: new data needs a new subject id.
  const reuse = await vault
    .seal(
      Parcel,
      { waybillNo: 'SF1000000000003', sender: shop, recipient: li },
      { recordId: 'p3', subjects: { sender: 'shop-7', recipient: 'cust-li' } },
    )
    .catch((e: unknown) => (isPiiError(e) ? e.code : 'unexpected'));
  console.log('sealing new data for the erased id:', reuse);

  // The key store is lost and last night's backup is restored: the restore replays the erasure
  // ledger from the audit log, so 李四's key comes back as a tombstone, never as a key.
  const restoredStore = memoryKeyStore();
  const restore = await restoreKeyStore(backupFile, restoredStore, { audit });
  const afterRestore = await createVault({ keyring, keyStore: restoredStore, indexKey, audit })
    .open(Parcel, backup, { recordId: 'p1', paths: ['recipient'] })
    .catch((e: unknown) => (isPiiError(e) ? e.code : 'unexpected'));
  console.log(
    `restored ${restore.restored} keys from the backup, ${restore.erasuresReplayed} erasure replayed;`,
    'opening the erased recipient afterwards:',
    afterRestore,
  );
  rmSync(dir, { recursive: true, force: true });
  return {
    certificate,
    attempt,
    shopView,
    other,
    reuse,
    lookup: vault.blindIndex('phone', li.phone),
    lookupRowsLeft: lookup.size,
    restore,
    afterRestore,
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
