// Schema of the frozen escaped-path vectors (test/vectors/cpii1/paths.json). NEVER change it:
// the vectors must keep decoding forever.
import * as z from 'zod';
import { pii } from '../../src/schema/index.js';

export const PathVectorParcel = pii.id(
  'vectors/paths/v1',
  z.object({
    // record keys with dots and backslashes: each location has its own concrete path
    byKey: z.record(z.string(), z.record(z.string(), pii.phone())),
    'dotted.key': pii.idNumber(),
    slashes: z.record(z.string(), pii.email({ level: 'sensitive' })),
  }),
);
