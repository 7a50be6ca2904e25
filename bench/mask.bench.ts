// Masking a courier record and redacting free text, against maskdata and @redactpii/node
// (bench-only peers in bench/package.json). Both peers are configured as close to our output
// as their options allow; neither knows compound surnames, resident IDs or Chinese addresses.
import { createRequire } from 'node:module';
import * as z from 'zod';
import { detect, maskRecord, redact } from '../src/mask/index.js';
import { pii } from '../src/schema/index.js';
import { adversarialText, ofUtf8Bytes, ordinaryCourierText } from '../test/mask/adversarial-inputs.js';
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

/** The maskdata configuration closest to our customerService masking (also used by note-row.ts). */
export const maskdataConfig = {
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

/**
 * detect and redact of adversarial text (runs of division names, address and name context words,
 * digits, '@' and mixtures, test/mask/adversarial-inputs.ts) against ordinary courier text of the
 * same UTF-8 size: linear detectors keep the ratio near 1; the target allows 3x the time.
 * BENCH_ADVERSARIAL_BYTES shrinks the inputs (default 1 MiB) to try the rows quickly.
 */
export async function adversarialRows(): Promise<BenchRow[]> {
  const bytes = Number(process.env.BENCH_ADVERSARIAL_BYTES ?? 2 ** 20);
  const size = bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
  const adversarial = ofUtf8Bytes(adversarialText, bytes);
  const ordinary = ofUtf8Bytes(ordinaryCourierText, bytes);
  const once = { rounds: 3, ms: 1, batch: 1 };
  return [
    await compare({
      group: 'mask',
      name: `detect ${size} adversarial input (peer: ${size} ordinary courier text)`,
      ours: () => detect(adversarial),
      peer: { name: `detect ${size} ordinary courier text`, fn: () => detect(ordinary) },
      target: '>= 0.33 (at most 3x the time)',
      targetMin: 1 / 3,
      ...once,
    }),
    await compare({
      group: 'mask',
      name: `redact ${size} adversarial input (peer: ${size} ordinary courier text)`,
      ours: () => redact(adversarial),
      peer: { name: `redact ${size} ordinary courier text`, fn: () => redact(ordinary) },
      target: '>= 0.33 (at most 3x the time)',
      targetMin: 1 / 3,
      ...once,
    }),
  ];
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
    ...(await adversarialRows()),
  ];
}
