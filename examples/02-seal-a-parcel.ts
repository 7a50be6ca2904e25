/**
 * Example 02: seal a parcel record field by field, look it up by phone, open only what is needed.
 * The delivery note is sealed too (free text is sensitive by default); a second schema keeps a
 * redacted copy of the note in clear for search (`onSeal: 'redact'`).
 * Run: npx tsx examples/02-seal-a-parcel.ts
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyring, createVault, fileKeyStore, generateKey } from 'courier-pii/crypto';
import { redact } from 'courier-pii/mask';
import { pii, redactedText } from 'courier-pii/schema';
import * as z from 'zod';

const Party = z.object({
  name: pii.name({ level: 'sensitive' }),
  phone: pii.phone(),
  address: pii.address(),
});

const parcelShape = {
  waybillNo: pii.waybillNo(),
  sender: pii.subject('sender', Party),
  recipient: pii.subject('recipient', Party),
  lastScan: pii.geo().optional(),
};

/**
 * The stored parcel: sensitive fields (phones, addresses, names, the GPS point, the delivery
 * note) get sealed. No one can prove a note holds no phone number, so free text is sealed by
 * default.
 */
export const Parcel = pii.id(
  'parcel/v1',
  z.object({ ...parcelShape, deliveryNote: pii.freeText({ max: 500 }).optional() }),
);

/**
 * The same parcel for a team that must search notes: the note's redaction (phones, ID numbers
 * and addresses masked) is stored in clear next to the sealed original.
 */
export const SearchableParcel = pii.id(
  'parcel/v1',
  z.object({ ...parcelShape, deliveryNote: pii.freeText({ max: 500, onSeal: 'redact' }).optional() }),
);

export async function main() {
  // KEKs would come from an HSM or KMS in production (KekProvider); local keys for the example.
  const keyring = createKeyring({ keks: [{ id: 'kek-2026-11', key: generateKey() }], active: 'kek-2026-11' });
  // The key store is a file in a temporary folder here, deleted at the end; yours lives with your data.
  const dir = mkdtempSync(join(tmpdir(), 'courier-keys-'));
  const keyStore = fileKeyStore(join(dir, 'subject-keys.journal'));
  // redactText is only needed for onSeal: 'redact' (the crypto module does not carry the detectors).
  const vault = createVault({
    keyring,
    keyStore,
    indexKey: generateKey(),
    redactText: (text) => redact(text).text,
  });

  const parcel = {
    waybillNo: 'SF1234567890123',
    sender: { name: '王五', phone: '139 0000 1111', address: '浙江省杭州市西湖区文三路1号' },
    recipient: { name: '李四', phone: '138-1234-5678', address: '山东省青岛市市南区香港中路61号' },
    lastScan: { lat: 30.2875, lng: 120.162 },
    deliveryNote: '放门口，电话13812345678，代收人身份证110105199003071239，改送北京市朝阳区建国路88号',
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
  // The searchable variant: the note's redaction in clear, the original sealed.
  const searchable = await vault.seal(SearchableParcel, parcel, {
    recordId: 'parcel-0002',
    subjects: { sender: 'cust-1001', recipient: 'cust-2002' },
  });
  const noteInClear = redactedText(searchable.record.deliveryNote);
  console.log('searchable note, stored in clear:', noteInClear);
  const noteOpened = (await vault.open(SearchableParcel, searchable.record, { recordId: 'parcel-0002' }))
    .deliveryNote;
  await keyStore.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    parcel,
    record,
    indexes,
    found,
    forDelivery,
    tamper,
    searchable: searchable.record,
    noteInClear,
    noteOpened,
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
