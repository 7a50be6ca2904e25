import { describe, expectTypeOf, it } from 'vitest';
import type { Vault } from '../../src/crypto/index.js';
import type { SealedString } from '../../src/schema/index.js';
import type { Parcel } from './fixtures/parcel.js';

declare const vault: Vault;
declare const internalVault: Vault<'internal'>;

describe('vault types', () => {
  it('seal returns sensitive fields as sealed strings and keeps other fields typed', async () => {
    const { record } = await vault.seal({} as typeof Parcel, {} as never, { recordId: 'r' });
    expectTypeOf(record.recipient.phone).toEqualTypeOf<SealedString>();
    expectTypeOf(record.waybill).toEqualTypeOf<string>();
    expectTypeOf(record.sender.name).toEqualTypeOf<string>();
  });

  it('a vault sealing from internal types internal fields as sealed too', async () => {
    const { record } = await internalVault.seal({} as typeof Parcel, {} as never, { recordId: 'r' });
    expectTypeOf(record.sender.name).toEqualTypeOf<SealedString>();
  });

  it('openMany takes sealed records of the schema and returns its output type per record', async () => {
    const { record } = await vault.seal({} as typeof Parcel, {} as never, { recordId: 'r' });
    const page = await vault.openMany({} as typeof Parcel, [
      { record, recordId: 'r', paths: ['recipient.phone'] },
      { record, recordId: 's', subjects: { recipient: 'cust-1' } },
    ]);
    expectTypeOf(page[0]!.recipient.phone).toEqualTypeOf<string>();
    // @ts-expect-error a record id is required per record
    await vault.openMany({} as typeof Parcel, [{ record }]);
  });

  it('open returns the parsed output type', async () => {
    const out = await vault.open({} as typeof Parcel, {}, { recordId: 'r', paths: ['recipient.phone'] });
    expectTypeOf(out.recipient.phone).toEqualTypeOf<string>();
  });
});
