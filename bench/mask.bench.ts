// Masking a courier record and redacting free text, against maskdata and @redactpii/node
// (bench-only peers in bench/package.json). Both peers are configured as close to our output
// as their options allow; neither knows compound surnames, resident IDs or Chinese addresses.
import { createRequire } from 'node:module';
import * as z from 'zod';
import { maskRecord, redact } from '../src/mask/index.js';
import { pii } from '../src/schema/index.js';
import { type BenchRow, compare } from './lib.js';

const require = createRequire(import.meta.url);
const MaskData = require('maskdata') as { maskJSON2: (o: unknown, c: unknown) => unknown };
const { Redactor } = require('@redactpii/node') as { Redactor: new () => { redact(s: string): string } };

const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  recipient: pii.subject(
    'recipient',
    z.object({ name: pii.name(), phone: pii.phone(), idNumber: pii.idNumber(), address: pii.address() }),
  ),
  note: pii.freeText(),
  weightKg: z.number(),
  service: z.string(),
});

/** ~330 bytes as UTF-8 JSON. */
export const record = {
  waybillNo: 'SF1381234567890',
  recipient: {
    name: '欧阳娜娜',
    phone: '13812345678',
    idNumber: '110105199003071239',
    address: '山东省青岛市市南区香港中路61号金地广场3号楼1201室',
  },
  note: '白天不在家，请放门口快递柜，有事打座机021-12345678',
  weightKg: 1.2,
  service: 'standard',
};

const maskdataConfig = {
  phoneFields: ['recipient.phone'],
  phoneMaskOptions: { maskWith: '*', unmaskedStartDigits: 3, unmaskedEndDigits: 4 },
  genericStrings: [
    { config: { maskWith: '*', unmaskedStartDigits: 1, unmaskedEndDigits: 0 }, fields: ['recipient.name'] },
    {
      config: { maskWith: '*', unmaskedStartDigits: 1, unmaskedEndDigits: 1 },
      fields: ['recipient.idNumber'],
    },
    {
      config: { maskWith: '*', unmaskedStartDigits: 9, unmaskedEndDigits: 0 },
      fields: ['recipient.address'],
    },
    { config: { maskWith: '*', unmaskedStartDigits: 0, unmaskedEndDigits: 0 }, fields: ['note'] },
  ],
};

export const note =
  '收件人：欧阳娜娜，电话13812345678，送到山东省青岛市市南区香港中路61号金地广场3号楼1201室，白天不在家放门口快递柜，运单SF1381234567890，有事打座机021-12345678或发邮件zhang.san@example.com';

// One mebibyte (in UTF-16 units) of ordinary courier text: notes, SMS, waybill lines and log
// lines, repeated; and of adversarial texts, each one unit repeated: division names, address and
// name context words, digits, '@', key=value keys, hidden characters, and a mixture.
const MB = 1 << 20;
const ORDINARY = [
  note,
  '【顺丰速运】张三您好，您的快件SF1234567890123已由快递员李四（13812345678）派送，请保持电话畅通。',
  '收件人：王芳 电话：13700001111 地址：广东省广州市天河区珠江新城华夏路10号富力中心3302室',
  '{"orderNo":"DD202405120001","receiverName":"张伟","receiverMobile":"13912345678","weight":1.2}',
  'consignee=Zhang Wei;mobile=+86 139 1234 5678;addr=Room 1203, Tower B, 88 Jianguo Road;sku=A1',
  '【菜鸟驿站】您的包裹已到南山站点，取件码8-2-1033，请于2024-06-01前领取，咨询400-811-1111',
  '到了打我电话，不在家放门口快递柜，谢谢',
].join('\n');
const ADVERSARIAL = [
  '地址',
  '北京市',
  '朝阳区',
  '收件人',
  'Recipient: ',
  'ship to ',
  '1',
  '1 ',
  '@',
  'a@',
  'consignee=',
  '138\u200b1234',
  '地址北京市朝阳区收件人13812345678@',
];
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** The adversarial text that takes longest to redact here (one timing each). */
function slowestAdversarial(): { unit: string; text: string } {
  let worst = { unit: '', text: '', ms: -1 };
  for (const unit of ADVERSARIAL) {
    const text = fill(unit);
    const t0 = performance.now();
    redact(text);
    const ms = performance.now() - t0;
    if (ms > worst.ms) worst = { unit, text, ms };
  }
  return worst;
}

export async function run(): Promise<BenchRow[]> {
  const redactor = new Redactor();
  const bytes = Buffer.byteLength(JSON.stringify(record));
  return [
    await compare({
      group: 'mask',
      name: `maskRecord customerService, ${bytes}-byte courier record`,
      ours: () => maskRecord(Parcel, record, 'customerService'),
      peer: { name: 'maskdata maskJSON2', fn: () => MaskData.maskJSON2(record, maskdataConfig) },
      target: '>= 3x',
      targetMin: 3,
    }),
    await compare({
      group: 'mask',
      name: `detect + redact a ${note.length}-character delivery note`,
      ours: () => redact(note),
      peer: { name: '@redactpii/node redact', fn: () => redactor.redact(note) },
      target: '>= 2x',
      targetMin: 2,
    }),
    await adversarialRow(),
  ];
}

/** The slowest 1 MiB adversarial text against 1 MiB of ordinary courier text. */
async function adversarialRow(): Promise<BenchRow> {
  const ordinary = fill(ORDINARY);
  const worst = slowestAdversarial();
  return compare({
    group: 'mask',
    name: `detect + redact 1 MiB adversarial text (slowest of ${ADVERSARIAL.length}: ${JSON.stringify(worst.unit)} repeated)`,
    ours: () => redact(worst.text),
    peer: { name: 'the same on 1 MiB of ordinary courier text', fn: () => redact(ordinary) },
    target: '>= 0.33 (at most 3x slower)',
    targetMin: 1 / 3,
    rounds: 5,
    ms: 400,
    batch: 1,
  });
}
