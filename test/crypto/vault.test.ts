import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, createVault, memoryKeyStore } from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { parcel, Parcel } from './fixtures/parcel.js';
import { SUITES, testVault } from './helpers.js';

const SUBJECTS = { sender: 'cust-1', recipient: 'cust-2' };

describe.each(SUITES)('vault.seal and vault.open (suite %s)', (suite) => {
  it('seals every sensitive field and opens the record back to the parsed value', async () => {
    const { vault } = testVault({ suite });
    const { record, indexes } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    expect(record.waybill).toBe('SF1234567890123');
    expect(record.sender.name).toBe('王五'); // internal: not sealed by default
    for (const v of [
      record.sender.phone,
      record.recipient.name,
      record.recipient.phone,
      record.recipient.idNumber,
      record.items[0]!.declaredBy,
      record.lastScan,
      record.signature,
    ]) {
      expect(v).toMatch(/^cpii1\.[A-Za-z0-9_-]+$/);
    }
    expect(Object.keys(indexes).sort()).toEqual(
      [
        'items.0.declaredBy',
        'items.1.declaredBy',
        'recipient.address',
        'recipient.idNumber',
        'recipient.name',
        'recipient.phone',
        'sender.address',
        'sender.phone',
      ].sort(),
    );
    const opened = await vault.open(Parcel, record, { recordId: 'P1' });
    expect(opened).toEqual(Parcel.parse(parcel()));
    expect(opened.signature).toBeInstanceOf(Uint8Array);
  });

  it('opens only the requested paths and leaves the others sealed', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    const opened = await vault.open(Parcel, record, {
      recordId: 'P1',
      paths: ['recipient.phone', 'items[].declaredBy'],
    });
    expect(opened.recipient.phone).toBe('+8613812345678');
    expect(opened.items.map((i) => i.declaredBy)).toEqual(['赵六', '钱七']);
    expect(opened.sender.phone).toBe(record.sender.phone);
    expect(opened.recipient.idNumber).toMatch(/^cpii1\./);
  });

  it('seals internal fields too when sealAtLeast is internal', async () => {
    const { vault } = testVault({ suite, sealAtLeast: 'internal' } as never);
    const { record } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    expect(record.sender.name).toMatch(/^cpii1\./);
    expect(record.waybill).toMatch(/^cpii1\./);
  });

  it('uses the record as subject for roles listed in recordKeyFor', async () => {
    const { vault, keyStore } = testVault({ suite });
    await vault.seal(Parcel, parcel(), {
      recordId: 'P9',
      subjects: { recipient: 'cust-2' },
      recordKeyFor: ['sender'],
    });
    expect((await keyStore.get('record:P9'))?.state).toBe('active');
    expect((await keyStore.get('cust-2'))?.state).toBe('active');
  });

  it('rejects a value that does not match the schema without echoing it', async () => {
    const { vault } = testVault({ suite });
    const bad = { ...parcel(), recipient: { ...parcel().recipient, phone: 'call me 555' } };
    const e = await vault.seal(Parcel, bad, { recordId: 'P1', subjects: SUBJECTS }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(String((e as Error).message)).toContain('recipient.phone');
    expect(String((e as Error).message)).not.toContain('555');
  });

  it('unwraps each subject key once for many records', async () => {
    const store = memoryKeyStore();
    let gets = 0;
    const counting = {
      ...store,
      get: (id: string) => {
        gets++;
        return store.get(id);
      },
    };
    const { vault } = testVault({ suite, keyStore: counting });
    const sealed = [];
    for (let i = 0; i < 50; i++)
      sealed.push((await vault.seal(Parcel, parcel(), { recordId: `R${i}`, subjects: SUBJECTS })).record);
    const before = gets;
    for (let i = 0; i < 50; i++)
      await vault.open(Parcel, sealed[i]!, { recordId: `R${i}`, paths: ['recipient'] });
    expect(gets - before).toBe(0);
    expect(before).toBe(2 + 50); // two customers once, one record subject per record
  });

  it('reloads keys after the cache expires and still opens', async () => {
    let t = 1_000;
    const { vault } = testVault({ suite, cache: { ttlMs: 10, maxEntries: 1 }, now: () => t });
    const { record } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    t += 100;
    expect((await vault.open(Parcel, record, { recordId: 'P1' })).recipient.name).toBe('李四');
  });
});

describe.each(SUITES)('blind indexes (suite %s)', (suite) => {
  // the prefix names the suite: bi1 (HMAC-SHA256) or bi2 (HMAC-SM3), docs/formats.md
  const bi = suite === 'gm' ? 'bi2' : 'bi1';
  it('are equal for equal normalized values and differ across kinds and index keys', () => {
    const { vault } = testVault({ suite });
    const a = vault.blindIndex('phone', '138 1234 5678');
    expect(a).toBe(vault.blindIndex('phone', '+86 13812345678'));
    expect(a).toMatch(new RegExp(`^${bi}\\.[A-Za-z0-9_-]{22}$`));
    expect(a).not.toBe(vault.blindIndex('phone', '13812345679'));
    expect(vault.blindIndex('pickupCode', '1234')).not.toBe(vault.blindIndex('freeText', '1234'));
    expect(testVault({ suite }).vault.blindIndex('phone', '13812345678')).not.toBe(a);
  });

  it('match the indexes returned by seal and honour the configured truncation', async () => {
    const { vault } = testVault({ suite, indexBytes: 8 });
    const { indexes } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    expect(indexes['recipient.phone']).toBe(vault.blindIndex('phone', '13812345678'));
    expect(indexes['recipient.phone']).toMatch(new RegExp(`^${bi}\\.[A-Za-z0-9_-]{11}$`));
  });

  it('are identical on both backends', () => {
    const { indexKey } = testVault({ suite });
    const mk = (backend: 'noble' | 'node') => testVault({ suite, indexKey, backend }).vault;
    expect(mk('noble').blindIndex('idNumber', '11010519491231002x')).toBe(
      mk('node').blindIndex('idNumber', '11010519491231002X'),
    );
  });
});

describe('backends', () => {
  it('noble seals and node opens, and the reverse', async () => {
    const store = memoryKeyStore();
    const keyring = createKeyring({ keks: [{ id: 'k', key: new Uint8Array(32).fill(7) }], active: 'k' });
    const indexKey = new Uint8Array(32).fill(9);
    const noble = createVault({ keyring, keyStore: store, indexKey, backend: 'noble' });
    const node = createVault({ keyring, keyStore: store, indexKey, backend: 'node' });
    expect([noble.backend, node.backend]).toEqual(['noble', 'node']);
    const a = await noble.seal(Parcel, parcel(), { recordId: 'A', subjects: SUBJECTS });
    const b = await node.seal(Parcel, parcel(), { recordId: 'B', subjects: SUBJECTS });
    expect(await node.open(Parcel, a.record, { recordId: 'A' })).toEqual(Parcel.parse(parcel()));
    expect(await noble.open(Parcel, b.record, { recordId: 'B' })).toEqual(Parcel.parse(parcel()));
    expect(a.indexes).toEqual(b.indexes);
  });

  it('picks node:crypto automatically on Node', () => {
    expect(testVault().vault.backend).toBe('node');
  });
});

describe('option checks', () => {
  it('refuse a short index key and reserved subject ids', async () => {
    const { keyring } = testVault();
    expect(() => createVault({ keyring, keyStore: memoryKeyStore(), indexKey: new Uint8Array(16) })).toThrow(
      /32 bytes/,
    );
    const { vault } = testVault();
    const e = await vault
      .seal(Parcel, parcel(), { recordId: 'P', subjects: { recipient: 'record:P2' } })
      .catch((x: unknown) => x);
    expect(isPiiError(e) && e.code).toBe('INVALID_ARGUMENT');
  });
});

describe('blind index truncation', () => {
  it('equals base64url of the truncated HMAC for every allowed length on both backends', () => {
    const indexKey = new Uint8Array(32).fill(3);
    const k = Buffer.from(hkdfSync('sha256', indexKey, new Uint8Array(0), Buffer.from('cpii-bi1/phone'), 32));
    const mac = createHmac('sha256', k).update('+8613812345678').digest();
    for (let n = 4; n <= 32; n++) {
      for (const backend of ['noble', 'node'] as const) {
        const { vault } = testVault({ indexKey, indexBytes: n, backend });
        expect(vault.blindIndex('phone', '13812345678')).toBe(
          `bi1.${mac.subarray(0, n).toString('base64url')}`,
        );
      }
    }
  });
});

describe.each(SUITES)('vault.sealValue and vault.openValue (suite %s)', (suite) => {
  it('seal one value that vault.open reads back as the record field, and the reverse', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    const ctx = { schemaId: 'test-parcel/v1', path: 'recipient.phone', recordId: 'P1', subjectId: 'cust-2' };
    expect(await vault.openValue(record.recipient.phone, ctx)).toBe('+8613812345678');
    const single = await vault.sealValue('+8613800000000', ctx);
    expect(single).toMatch(/^cpii1\./);
    const swapped = { ...record, recipient: { ...record.recipient, phone: single } };
    expect(
      (await vault.open(Parcel, swapped, { recordId: 'P1', paths: ['recipient.phone'] })).recipient.phone,
    ).toBe('+8613800000000');
    expect(
      await vault.openValue(await vault.sealValue({ lat: 1, lng: 2 }, { ...ctx, path: 'lastScan' }), {
        ...ctx,
        path: 'lastScan',
      }),
    ).toEqual({ lat: 1, lng: 2 });
  });

  it('fail with CIPHERTEXT_INVALID for another path, record, schema id or subject', async () => {
    const { vault } = testVault({ suite });
    const ctx = { schemaId: 's/v1', path: 'phone', recordId: 'R1', subjectId: 'cust-1' };
    const sealed = await vault.sealValue('13812345678', ctx);
    await vault.sealValue('x', { ...ctx, subjectId: 'cust-2' });
    for (const bad of [
      { path: 'email' },
      { recordId: 'R2' },
      { schemaId: 's/v2' },
      { subjectId: 'cust-2' },
    ]) {
      await expect(vault.openValue(sealed, { ...ctx, ...bad })).rejects.toMatchObject({
        code: 'CIPHERTEXT_INVALID',
      });
    }
    await expect(vault.openValue('13812345678', ctx)).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
    await expect(vault.sealValue(undefined, ctx)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
