// The parcel schema and platform policy used by the monitor's end-to-end tests.
import { definePolicy, type PolicyOptions } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import * as z from 'zod';

export const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    status: z.enum(['at_station', 'out_for_delivery', 'delivered']),
    courierId: z.string(),
    stationId: z.string(),
    recipientId: z.string(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
  }),
);

export function platformPolicy(options: PolicyOptions = {}) {
  return definePolicy(
    Parcel,
    {
      id: 'platform',
      version: 1,
      purposes: ['delivery', 'support'],
      roles: ['courier', 'station', 'cs'],
      actorAttrs: ['stationId'],
      rules: [
        {
          id: 'courier-station-parcels',
          roles: ['courier'],
          purposes: ['delivery'],
          when: [['resource.stationId', '==', { ref: 'actor.attrs.stationId' }]],
          fields: ['recipient.address', 'recipient.name'],
          grant: 'allow',
          record: 'allow',
        },
        {
          id: 'courier-own-phone',
          roles: ['courier'],
          purposes: ['delivery'],
          when: [['resource.courierId', '==', { ref: 'actor.id' }]],
          fields: ['recipient.phone'],
          grant: 'mask',
        },
        {
          id: 'cs-lookup',
          roles: ['cs'],
          purposes: ['support'],
          fields: ['recipient.*'],
          grant: 'mask',
          record: 'allow',
        },
        { id: 'everyone-waybill', fields: ['waybillNo', 'status'], grant: 'allow' },
      ],
    },
    options,
  );
}

export function parcel(i: number, courierId: string, stationId = 'st-1') {
  return {
    waybillNo: 'SF1381234567890',
    status: 'out_for_delivery' as const,
    courierId,
    stationId,
    recipientId: `subj-${i}`,
    recipient: { name: 'cpii1.sealed', phone: 'cpii1.sealed', address: 'cpii1.sealed' },
  };
}
