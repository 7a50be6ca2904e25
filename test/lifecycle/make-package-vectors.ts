// Writes test/vectors/handover/packages.json once (never regenerate: the file is frozen). Run with
// `npx tsx test/lifecycle/make-package-vectors.ts` only to create it anew under a new version.
import { writeFileSync } from 'node:fs';
import { x25519 } from '@noble/curves/ed25519.js';
import { sm2PublicKey } from '../../src/crypto/gm/sm2.js';
import { packageDeks, type PackageKind, type RecordDeks } from '../../src/lifecycle/handover-package.js';
import { packageInfo, sealTo } from '../../src/lifecycle/handover-rewrap.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fill = (n: number, v: number) => new Uint8Array(n).fill(v);
const recipients: Record<PackageKind, { secretKey: Uint8Array; publicKey: Uint8Array }> = {
  hpke: { secretKey: fill(32, 0x31), publicKey: x25519.getPublicKey(fill(32, 0x31)) },
  sm2: { secretKey: fill(32, 0x32), publicKey: sm2PublicKey(fill(32, 0x32)) },
};
const cases: Array<[PackageKind, string, RecordDeks]> = [
  ['hpke', 'c-1', { legacy: fill(32, 0xa1) }],
  ['hpke', 'c-2', { gm: fill(32, 0xb2) }],
  ['hpke', 'c-3', { gm: fill(32, 0xb3), legacy: fill(32, 0xa3) }],
  ['sm2', 'c-4', { legacy: fill(32, 0xa4) }],
  ['sm2', 'c-5', { gm: fill(32, 0xb5) }],
  ['sm2', 'c-6', { gm: fill(32, 0xb6), legacy: fill(32, 0xa6) }],
];
const handoverId = 'h-vector';
const out = (['hpke', 'sm2'] as const).map((kind) => {
  const key = fill(kind === 'sm2' ? 16 : 32, kind === 'sm2' ? 0x42 : 0x41);
  const r = recipients[kind];
  return {
    kind,
    handoverId,
    run: 1,
    recipientSecretKey: hex(r.secretKey),
    sealedPackageKey: sealTo(kind, r.publicKey, key, packageInfo(handoverId, 1)),
    records: cases
      .filter(([k]) => k === kind)
      .map(([, subjectId, deks]) => ({
        subjectId,
        wrapped: hex(packageDeks(kind, key, handoverId, subjectId, deks)),
        deks: Object.fromEntries(Object.entries(deks).map(([s, d]) => [s, hex(d)])),
      })),
  };
});
writeFileSync(
  new URL('../vectors/handover/packages.json', import.meta.url),
  `${JSON.stringify(out, null, 2)}\n`,
);
