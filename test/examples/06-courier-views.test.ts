import { describe, expect, it, vi } from 'vitest';
import { maskers } from 'courier-pii/mask';
import { main } from '../../examples/06-courier-views.js';

describe('example 06: one sealed parcel as five people see it', () => {
  it('shows each role exactly what the courier policy allows', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { plain, sealed, views } = await main();
    log.mockRestore();
    const s = plain.sender;
    const r = plain.recipient;
    const ops = {
      waybillNo: plain.waybillNo,
      status: 'out_for_delivery',
      weightKg: 2.5,
      attempts: 0,
    };
    const routing = { stationId: 'st-qd-01', courierId: 'c-7', serviceUntil: plain.serviceUntil };
    // The stored record holds ciphertext for every sensitive field; the note is sealed with its
    // redaction in clear.
    expect(String(sealed.recipient.phone).startsWith('cpii1.')).toBe(true);
    expect(sealed.deliveryNote).toEqual({
      redacted: '放门口，电话138****5678',
      sealed: expect.stringMatching(/^cpii1\./),
    });
    expect(JSON.stringify(sealed)).not.toContain(r.phone);

    expect(views.assignedCourier).toEqual({
      ...ops,
      ...routing,
      recipient: { name: maskers.name(r.name), phone: maskers.phone(r.phone), address: r.address },
    });
    expect(views.otherCourier).toEqual({});
    expect(views.csAgent).toEqual({
      ...ops,
      ...routing,
      sender: {
        customerId: 'cust-s1',
        name: maskers.name(s.name),
        phone: maskers.phone(s.phone),
        address: maskers.address(s.address),
      },
      recipient: {
        customerId: 'cust-r1',
        name: maskers.name(r.name),
        phone: maskers.phone(r.phone),
        address: maskers.address(r.address),
      },
      deliveryNote: '放门口，电话138****5678',
    });
    expect(maskers.freeText(plain.deliveryNote!)).toBe('放门口，电话138****5678');
    expect(views.auditor).toEqual({
      ...ops,
      ...routing,
      sender: {
        name: maskers.name(s.name),
        phone: maskers.phone(s.phone),
        address: maskers.address(s.address),
        idNumber: maskers.idNumber(s.idNumber!),
      },
      recipient: {
        name: maskers.name(r.name),
        phone: maskers.phone(r.phone),
        address: maskers.address(r.address),
      },
      pickupCode: maskers.pickupCode(plain.pickupCode!),
      deliveryNote: maskers.freeText(plain.deliveryNote!),
    });
    expect(views.customer).toEqual({
      ...ops,
      sender: { name: maskers.name(s.name), phone: maskers.phone(s.phone) },
      recipient: { customerId: 'cust-r1', name: r.name, phone: r.phone, address: r.address },
      pickupCode: plain.pickupCode,
      deliveryNote: plain.deliveryNote,
    });
    // No view but the customer's and the assigned courier's address contains the street.
    const street = '香港中路61号';
    for (const name of ['otherCourier', 'csAgent', 'auditor'])
      expect(JSON.stringify(views[name])).not.toContain(street);
    // The auditor never sees a plaintext ID number or phone.
    expect(JSON.stringify(views.auditor)).not.toContain(s.idNumber!);
    expect(JSON.stringify(views.auditor)).not.toContain(r.phone);
  });
});
