/**
 * Example 13: the GM suite (SM4 / SM3) for a platform that must pass its commercial-cryptography
 * assessment (密评): a GM vault seals and opens a parcel, finds it by phone through an HMAC-SM3
 * blind index, and a parcel sealed earlier under the default suite is moved to GM with the
 * resumable re-encryption job (docs/gm.md).
 * Run: npx tsx examples/13-gm-suite.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createKeyring,
  createVault,
  generateKey,
  memoryKeyStore,
  type ReencryptCheckpoint,
  reencryptToGm,
} from 'courier-pii/crypto';
import { pii } from 'courier-pii/schema';
import * as z from 'zod';

const Parcel = pii.id(
  'gm-parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name({ level: 'sensitive' }), phone: pii.phone(), address: pii.address() }),
    ),
  }),
);

/** The suite byte of a sealed value (1 = default, 2 = GM): the second byte after `cpii1.`. */
function suiteOf(sealed: unknown): number {
  return Buffer.from(String(sealed).slice('cpii1.'.length), 'base64url')[1]!;
}

export async function main() {
  // In production the KEK lives in an HSM (docs/gm.md); one key store for both suites.
  const keyring = createKeyring({ keks: [{ id: 'kek-2026', key: generateKey() }], active: 'kek-2026' });
  const keyStore = memoryKeyStore();
  const indexKey = generateKey();
  const gm = createVault({ keyring, keyStore, indexKey, suite: 'gm', audit: 'none' });

  // 1. Seal and open a parcel under GM.
  const parcel = {
    waybillNo: 'SF1234567890123',
    recipient: { name: '李四', phone: '13812345678', address: '山东省青岛市市南区香港中路61号' },
  };
  const { record, indexes } = await gm.seal(Parcel, parcel, {
    recordId: 'parcel-1',
    subjects: { recipient: 'cust-42' },
  });
  console.log(
    'GM sealed phone:',
    `${String(record.recipient.phone).slice(0, 24)}…`,
    'suite',
    suiteOf(record.recipient.phone),
  );
  const opened = await gm.open(Parcel, record, { recordId: 'parcel-1' });
  console.log('opened name:', opened.recipient.name);

  // 2. Look it up by phone: the index stored with the record equals the one computed for the query.
  const byPhone = new Map([[indexes['recipient.phone'], 'parcel-1']]);
  const query = gm.blindIndex('phone', '+86 138 1234 5678');
  console.log('blind index (HMAC-SM3):', query, '->', byPhone.get(query));

  // 3. A parcel sealed earlier under the default suite, moved to GM by the re-encryption job.
  const old = createVault({ keyring, keyStore, indexKey, audit: 'none' });
  const earlier = await old.seal(
    Parcel,
    { ...parcel, waybillNo: 'SF1234567890124' },
    {
      recordId: 'parcel-0',
      subjects: { recipient: 'cust-7' },
    },
  );
  const table = new Map([['parcel-0', earlier.record]]);
  console.log('before the move: suite', suiteOf(earlier.record.recipient.phone));
  let checkpoint: ReencryptCheckpoint | undefined;
  const result = await reencryptToGm({
    vault: gm,
    keyStore,
    source: {
      async *list(after) {
        for (const [id, r] of table)
          if (after === undefined || id > after)
            yield { schema: Parcel, recordId: id, record: r, subjects: { recipient: 'cust-7' } };
      },
      async write(item, sealed) {
        table.set(item.recordId, sealed.record as typeof earlier.record);
      },
    },
    progress: {
      load: async () => checkpoint,
      save: async (c) => {
        checkpoint = c;
      },
    },
  });
  const moved = table.get('parcel-0')!;
  console.log(
    `after the move: suite ${suiteOf(moved.recipient.phone)}; ${result.resealed} record sealed again, ${result.oldKeysDestroyed} old key destroyed`,
  );
  const movedOpened = await gm.open(Parcel, moved, { recordId: 'parcel-0' });
  console.log('moved parcel opens:', movedOpened.recipient.name);
  return {
    record,
    opened,
    query,
    found: byPhone.get(query),
    earlier: earlier.record,
    moved,
    result,
    movedOpened,
  };
}

// Run main() when this file is the program (not when a test imports it).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
