// `courier-pii handover` prints people and records' own keys apart: a parcel's own key
// (`record:<id>`) is moved and counted, but never as a person, and gets no notice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFile } from '../../src/cli/files.js';
import { createKeyring, fileKeyStore, generateKey } from '../../src/crypto/index.js';
import type { HandoverManifest } from '../../src/lifecycle/index.js';
import { handoverFixture, run } from './helpers.js';

describe('handover CLI counts', () => {
  it('prints people moved and erased apart from record keys, and the live keys the buyer opened', async () => {
    const { sellerKeys, store, dir, args } = await handoverFixture(12);
    // Five parcels' own keys and two erased people, next to the twelve people.
    const kek = readKeyFile(join(sellerKeys, 'kek.json'), 'kek');
    const ring = createKeyring({ keks: [{ id: kek.id, key: kek.key }], active: kek.id });
    const ks = fileKeyStore(store);
    for (let i = 0; i < 5; i++) {
      const { kekId, wrapped } = await ring.wrap(`record:p${i}`, generateKey());
      await ks.create({
        subjectId: `record:p${i}`,
        state: 'active',
        kekId,
        wrapped,
        createdAt: 0,
        revision: 1,
      });
    }
    for (const id of ['gone-1', 'gone-2'])
      await ks.create({ subjectId: id, state: 'destroyed', createdAt: 0, destroyedAt: 1, revision: 1 });
    await ks.close();
    const r = await run(...args('delivery'));
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(
      'OK: handover handover-feiyun: 12 people and 5 record keys now under KEK buyer-kek (17 rewrapped by this run), verified by the buyer and countersigned.',
    );
    expect(lines).toContain('people (data subjects): 12 moved, 2 erased before the handover');
    expect(lines).toContain("records' own keys: 5 moved, 0 erased, 0 excluded");
    expect(lines).toContain('live keys: 17, 17 opened by the buyer');
    expect(r.stdout).toContain('(12 notices to send)');
    const m = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as HandoverManifest;
    expect(m.subjects).toEqual({ active: 12, erased: 2 });
    expect(m.records).toEqual({ active: 5, erased: 0, excluded: 0 });
  });
});
