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

  it('open returns the parsed output type', async () => {
    const out = await vault.open({} as typeof Parcel, {}, { recordId: 'r', paths: ['recipient.phone'] });
    expectTypeOf(out.recipient.phone).toEqualTypeOf<string>();
  });
});
