import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import {
  type ConsentAuditSink,
  attenuateWithReceipt,
  createMemoryRevocationStore,
  createMemoryUseCounter,
  grant,
  redeem,
  revoke,
} from '../../src/consent/index.js';
import { pii } from '../../src/schema/index.js';
import { HOUR, T0, WAYBILL, codeOf, issuers, pickupGrant } from './helpers.js';

const Party = z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() });
const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  recipient: pii.subject('recipient', Party),
  pickupCode: pii.pickupCode(),
});

describe('consent receipts', () => {
  it('name the PII categories of the scoped fields from the schema tags', async () => {
    const { receipt } = await grant(pickupGrant({ schema: Parcel }));
    expect(receipt.piiCategories).toEqual(['address', 'pickupCode']);
    const wide = await grant(pickupGrant({ schema: Parcel, scope: { 'recipient.*': 'mask' } }));
    expect(wide.receipt.piiCategories).toEqual(['address', 'name', 'phone']);
  });

  it('grant refuses a scope path that the schema does not have', async () => {
    expect(await codeOf(grant(pickupGrant({ schema: Parcel, scope: { 'recipient.adress': 'mask' } })))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('carry the Kantara / ISO 27560 fields and no token', async () => {
    const { token, receipt, tokenId } = await grant(
      pickupGrant({ controller: 'sf-express', recordId: 'cr-1' }),
    );
    expect(receipt).toMatchObject({
      version: 'courier-pii.consent-receipt/1',
      event: 'granted',
      timestamp: new Date(T0).toISOString(),
      controller: 'sf-express',
      subject: 'r-8812',
      grantee: 'n-5531',
      purpose: 'pickup',
      resource: WAYBILL,
      tokenId,
      recordId: 'cr-1',
      maxUses: 3,
      scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
    });
    expect(receipt.receiptId).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(receipt)).not.toContain(token.slice(20, 60));
  });

  it('grant, attenuate, redeem and revoke each append one consent event to the audit log', async () => {
    const sink = memorySink();
    const audit: ConsentAuditSink = createAuditLog({ sink, clock: () => T0 });
    const { token, tokenId } = await grant(pickupGrant({ audit, schema: Parcel }));
    const { token: locker, receipt: att } = await attenuateWithReceipt(token, {
      issuers,
      audit,
      grantee: 'n-5531/locker-0571',
      scope: { pickupCode: 'allow' },
      now: () => T0 + HOUR,
    });
    expect(att.event).toBe('attenuated');
    expect(att.grantee).toBe('n-5531/locker-0571');
    const revocations = createMemoryRevocationStore();
    const claims = await redeem(locker, {
      issuers,
      purpose: 'pickup',
      grantee: 'n-5531/locker-0571',
      resource: WAYBILL,
      revocations,
      counter: createMemoryUseCounter(),
      now: T0 + HOUR,
      audit,
    });
    expect(claims.uses).toBe(1);
    const { receipt: rev } = await revoke(token, { issuers, revocations, audit, now: () => T0 + 2 * HOUR });
    expect(rev).toMatchObject({ event: 'revoked', blockId: tokenId, tokenId });

    const kinds = sink.entries.map((e) => (e as unknown as { kind: string }).kind);
    expect(kinds).toEqual(['consent.granted', 'consent.attenuated', 'consent.redeemed', 'consent.revoked']);
    const text = JSON.stringify(sink.entries);
    expect(text).not.toContain(token.slice(20, 60));
    expect(text).not.toContain(locker.slice(-40));
    for (const e of sink.entries) {
      expect(JSON.stringify(e)).toContain(tokenId);
    }
  });
});
