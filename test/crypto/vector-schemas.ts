// Schemas of the frozen cpii1 vectors (test/vectors/cpii1). NEVER change these: the vectors
// must keep decoding forever.
import * as z from 'zod';
import { pii } from '../../src/schema/index.js';

export const VectorParcel = pii.id(
  'vectors/v1',
  z.object({
    customer: pii.subject(
      'customer',
      z.object({ phone: pii.phone(), address: pii.address(), idNumber: pii.idNumber() }),
    ),
    items: z.array(z.object({ declaredBy: pii.name({ level: 'sensitive' }) })),
    lastScan: pii.geo(),
    signature: pii.image(),
    note: pii.freeText({ level: 'sensitive' }),
  }),
);

/** No pii.id: its schema id is the digest of its classification. */
export const VectorNoId = z.object({ contact: pii.phone() });
