// The parcel schema the example courier policy (examples/policies/courier.json) is written for:
// the example's own schema, so the policy is tested against exactly what the example runs.
import { readFileSync } from 'node:fs';

export { Parcel } from '../../examples/06-courier-views.js';

export const courierJson: unknown = JSON.parse(
  readFileSync(new URL('../../examples/policies/courier.json', import.meta.url), 'utf8'),
);

export const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);

/** A plain (unsealed) parcel; conditions read only its non-sealed fields. */
export function parcel(over: Record<string, unknown> = {}) {
  return {
    waybillNo: 'SF1381234567890',
    status: 'out_for_delivery',
    stationId: 'st-qd-01',
    courierId: 'c-7',
    carrierId: 'pc-zto',
    weightKg: 2.5,
    attempts: 0,
    serviceUntil: NOW + 86_400_000,
    sender: {
      customerId: 'cust-s1',
      name: '欧阳娜娜',
      phone: '+8613912345678',
      address: '浙江省杭州市西湖区文三路100号',
    },
    recipient: {
      customerId: 'cust-r1',
      name: '张三',
      phone: '+8613812345678',
      address: '山东省青岛市市南区香港中路61号',
    },
    pickupCode: '3-2-1234',
    ...over,
  };
}
