// Writes test/vectors/cpii1/gm-v1.json once: `npx tsx test/crypto/make-gm-vectors.ts`.
import { writeFileSync } from 'node:fs';
import { buildGmVectors } from './gm-vectors.js';

writeFileSync(
  new URL('../vectors/cpii1/gm-v1.json', import.meta.url),
  `${JSON.stringify(buildGmVectors(), null, 2)}\n`,
);
