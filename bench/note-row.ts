// One row of bench/mask.bench.ts on its own (the 126-character note and maskRecord), for
// profiling: `npx tsx bench/note-row.ts` (add `note` or `record` to run one of them).
import { createRequire } from 'node:module';
import * as z from 'zod';
import { maskRecord, redact } from '../src/mask/index.js';
import { pii } from '../src/schema/index.js';
import { compare } from './lib.js';
import { maskdataConfig, note, record } from './mask.bench.js';

const require = createRequire(import.meta.url);
const { Redactor } = require('@redactpii/node') as { Redactor: new () => { redact(s: string): string } };
const MaskData = require('maskdata') as { maskJSON2: (o: unknown, c: unknown) => unknown };
const which = process.argv[2];
const redactor = new Redactor();
if (which !== 'record') {
  const row = await compare({
    group: 'mask',
    name: 'note',
    ours: () => redact(note),
    peer: { name: '@redactpii/node', fn: () => redactor.redact(note) },
  });
  process.stdout.write(
    `note: ours ${row.opsPerSec.toFixed(0)} peer ${row.peerOpsPerSec!.toFixed(0)} ratio ${row.ratio!.toFixed(2)}\n`,
  );
}
if (which !== 'note') {
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
  const row = await compare({
    group: 'mask',
    name: 'record',
    ours: () => maskRecord(Parcel, record, 'customerService'),
    peer: { name: 'maskdata', fn: () => MaskData.maskJSON2(record, maskdataConfig) },
  });
  process.stdout.write(
    `record: ours ${row.opsPerSec.toFixed(0)} peer ${row.peerOpsPerSec!.toFixed(0)} ratio ${row.ratio!.toFixed(2)}\n`,
  );
}
