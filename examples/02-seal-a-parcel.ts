/**
 * Example 02: seal a parcel record field by field, look it up by phone, open only what is needed.
 * Run: npx tsx examples/02-seal-a-parcel.ts
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyring, createVault, fileKeyStore, generateKey } from 'courier-pii/crypto';
import { pii } from 'courier-pii/schema';
import * as z from 'zod';

const Party = z.object({
  name: pii.name({ level: 'sensitive' }),
  phone: pii.phone(),
  address: pii.address(),
});

/** The stored parcel: sensitive fields (phones, addresses, names, the GPS point) get sealed. */
export const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
    lastScan: pii.geo().optional(),
  }),
);

export async function main() {
  // KEKs would come from an HSM or KMS in production (KekProvider); local keys for the example.
  const keyring = createKeyring({ keks: [{ id: 'kek-2026-11', key: generateKey() }], active: 'kek-2026-11' });
  // The key store is a file in a temporary folder here, deleted at the end; yours lives with your data.
  const dir = mkdtempSync(join(tmpdir(), 'courier-keys-'));
  const keyStore = fileKeyStore(join(dir, 'subject-keys.journal'));
  const vault = createVault({ keyring, keyStore, indexKey: generateKey() });

  const parcel = {
    waybillNo: 'SF1234567890123',
    sender: { name: '王五', phone: '139 0000 1111', address: '浙江省杭州市西湖区文三路1号' },
    recipient: { name: '李四', phone: '138-1234-5678', address: '山东省青岛市市南区香港中路61号' },
    lastScan: { lat: 30.2875, lng: 120.162 },
  };
  // Each customer's fields are sealed under that customer's own key (erasable on its own).
  const { record, indexes } = await vault.seal(Parcel, parcel, {
    recordId: 'parcel-0001',
    subjects: { sender: 'cust-1001', recipient: 'cust-2002' },
  });
  console.log('stored record:', JSON.stringify(record, null, 2));
  console.log('blind indexes to store next to it:', indexes);

  // A customer-service lookup by phone, in any format: compare blind indexes, never plaintext.
  const lookup = vault.blindIndex('phone', '+86 138 1234 5678');
  const found = lookup === indexes['recipient.phone'];
  console.log('lookup by phone finds the parcel:', found);

  // Open only what the task needs; everything else stays sealed.
  const forDelivery = await vault.open(Parcel, record, {
    recordId: 'parcel-0001',
    paths: ['recipient.address', 'recipient.phone'],
  });
  console.log(
    'delivery view:',
    forDelivery.recipient.address,
    forDelivery.recipient.phone,
    '| name still sealed:',
    forDelivery.recipient.name.slice(0, 12),
    '...',
  );

  // A tampered or moved value never opens.
  const moved = { ...record, recipient: { ...record.recipient, phone: record.sender.phone } };
  const tamper = await vault
    .open(Parcel, moved, { recordId: 'parcel-0001' })
    .catch((e: { code: string }) => e.code);
  console.log('sender phone moved into the recipient field:', tamper);
  await keyStore.close();
  rmSync(dir, { recursive: true, force: true });
  return { record, indexes, found, forDelivery, tamper };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
