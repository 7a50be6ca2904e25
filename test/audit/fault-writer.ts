// Child process of fault.test.ts: appends to a file sink until it is SIGKILLed, printing
// "seq hash" for every append after it resolved (acknowledged).
import { createAuditLog, type FsyncPolicy, fileSink } from '../../src/audit/index.js';

const [path, fsync] = process.argv.slice(2) as [string, FsyncPolicy];
const sink = fileSink(path, { fsync, recover: 'truncate' });
const log = createAuditLog({ sink });
await log.open();
process.stdout.write(`ready ${sink.recovered ? sink.recovered.bytes : 0}\n`);
for (let round = 0; ; round++) {
  const burst = Array.from({ length: 1 + (round % 8) }, (_, i) =>
    log
      .append({
        kind: 'access.decision',
        actor: `courier-${i}`,
        purpose: 'delivery',
        records: [`parcel-${round}-${i}`],
        paths: ['recipient.phone'],
        data: {
          record: true,
          fields: { 'recipient.phone': 'mask' },
          rules: ['r1'],
          pad: 'x'.repeat(round % 300),
        },
      })
      .then((e) => {
        process.stdout.write(`${e.seq} ${e.hash}\n`);
      }),
  );
  await Promise.all(burst);
}
