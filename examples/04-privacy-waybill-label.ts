/**
 * Example 04: print a privacy waybill (隐私面单). The label may carry only name, address and
 * phone (Interim Regulations on Express Delivery Art. 22, 2019 text), and industry practice
 * masks even those: the preset shows a masked name and phone, the address to the county, and
 * never the ID number that real-name posting registered.
 * Run: npx tsx examples/04-privacy-waybill-label.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { maskRecord } from 'courier-pii/mask';
import { pii } from 'courier-pii/schema';

const Party = z.object({
  name: pii.name(),
  phone: pii.phone(),
  address: pii.address(),
  idNumber: pii.idNumber().optional(),
});

/** The order as the platform stores it. */
export const Order = z.object({
  waybillNo: pii.waybillNo(),
  sender: pii.subject('sender', Party),
  recipient: pii.subject('recipient', Party),
  weightKg: z.number(),
  note: pii.freeText().optional(),
});

// Synthetic data: made-up names, a random mobile, a computed ID with a valid check character.
export const order: z.input<typeof Order> = {
  waybillNo: 'SF1381234567890',
  sender: {
    name: '司马相如',
    phone: '13912345678',
    address: '广东省东莞市长安镇振安中路168号',
    idNumber: '110105199003071239',
  },
  recipient: {
    name: '欧阳娜娜',
    phone: '+86 138 1234 5678',
    address: '山东省青岛市市南区香港中路61号金地广场3号楼1201室',
  },
  weightKg: 1.2,
  note: '白天不在家，放门口快递柜，电话13812345678',
};

function box(lines: string[]): string {
  const width = Math.max(...lines.map((l) => [...l].length * 2)) + 2;
  const bar = `+${'-'.repeat(width)}+`;
  return [bar, ...lines.map((l) => `| ${l}`), bar].join('\n');
}

export async function main() {
  const label = maskRecord(Order, order, 'privacyWaybill');
  console.log(
    box([
      `运单号 ${label.waybillNo}`,
      `收 ${label.recipient.name}  ${label.recipient.phone}`,
      `   ${label.recipient.address}`,
      `寄 ${label.sender.name}  ${label.sender.phone}`,
      `   ${label.sender.address}`,
      `备注 ${label.note ?? ''}`,
    ]),
  );
  console.log(`ID number on the label: ${'idNumber' in label.sender ? 'yes' : 'no'}`);
  return label;
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
