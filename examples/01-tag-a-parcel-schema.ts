/**
 * Example 01: describe a parcel once, with every field tagged by sensitivity and kind.
 * Run: npx tsx examples/01-tag-a-parcel-schema.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { type FieldPath, type PathsAt, classify, pii } from 'courier-pii/schema';

/** A person on a waybill: the sender or the recipient. */
const Party = z.object({
  name: pii.name(),
  phone: pii.phone(),
  address: pii.address(),
  // Real-name posting: the sender's ID is checked and registered, never printed on a label.
  idNumber: pii.idNumber().optional(),
});

/** The parcel record as a courier platform stores it. */
export const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    status: z.enum(['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
    items: z.array(z.object({ description: z.string(), declaredValueCny: z.number().nonnegative() })),
    pickupCode: pii.pickupCode().optional(),
    courier: pii.subject(
      'courier',
      z.object({
        id: z.string(),
        name: pii.name(),
        // The GPS trace is 行踪轨迹: sensitive personal information under PIPL Art. 28.
        trace: z.array(z.object({ at: z.string(), point: pii.geo() })),
      }),
    ),
    deliveryNote: pii.freeText({ max: 500 }).optional(),
  }),
);

// Typed paths: reviewers can rely on these; a misspelled path is a compile error.
export const sensitivePaths: Array<PathsAt<typeof Parcel, 'sensitive'>> = [
  'sender.phone',
  'sender.address',
  'sender.idNumber',
  'recipient.phone',
  'recipient.address',
  'recipient.idNumber',
  'pickupCode',
  'courier.trace[].point',
  // Free text is sensitive by default: customers type phones and addresses into notes.
  'deliveryNote',
];
const labelFields: Array<FieldPath<typeof Parcel>> = [
  'recipient.name',
  'recipient.phone',
  'recipient.address',
];

/** Parses a sample order and prints the data map. Returns the classification for tests. */
export async function main() {
  const parcel = Parcel.parse({
    waybillNo: 'SF1381234567890',
    status: 'out_for_delivery',
    sender: {
      name: '欧阳娜娜',
      phone: '0086 139-1234-5678',
      address: '浙江省杭州市西湖区文三路100号',
      idNumber: '11010519491231002X',
    },
    recipient: { name: '张三', phone: '138 1234 5678', address: '山东省青岛市市南区香港中路61号' },
    items: [{ description: '茶叶', declaredValueCny: 88 }],
    pickupCode: '3-2-1234',
    courier: {
      id: 'c-042',
      name: '李师傅',
      trace: [{ at: '2026-11-28T09:00:00Z', point: { lat: 36.0671, lng: 120.3826 } }],
    },
    deliveryNote: '放门口，电话联系',
  });

  const fields = classify(Parcel);
  console.log('Parcel data map (path | level | kind | subject):');
  for (const f of fields)
    console.log(`  ${f.path.padEnd(26)} ${f.level.padEnd(9)} ${f.kind.padEnd(10)} ${f.subject ?? ''}`);
  console.log(
    `\nPhones are normalized to E.164 on parse: ${parcel.recipient.phone.startsWith('+86') ? 'yes' : 'no'}`,
  );
  console.log(`A label may show: ${labelFields.join(', ')}`);

  const bad = Parcel.safeParse({ ...parcel, sender: { ...parcel.sender, idNumber: '110105194912310021' } });
  console.log(`A wrong ID check character is rejected: ${bad.success ? 'no' : bad.error.issues[0]?.message}`);
  return { fields, parcel, rejection: bad.success ? undefined : bad.error.issues[0] };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
