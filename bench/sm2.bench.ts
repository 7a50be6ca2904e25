// SM2 signatures (GB/T 32918.2 on @noble/curves, pure JS) against native Ed25519 (node:crypto),
// in one process, interleaved: an SM2 audit checkpoint against an Ed25519 one, and verifying a
// one-block SM2 consent token (format 3) against a one-block Ed25519 token (format 1). No
// target: the rows say what choosing SM2 costs (bench/notes.md, "SM2 signatures").
import { createAuditLog, memorySink } from '../src/audit/index.js';
import { generateSigningKey, grant, verify } from '../src/consent/index.js';
import { type BenchRow, compare } from './lib.js';

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const ed = generateSigningKey();
  const sm2 = generateSigningKey({ alg: 'sm2' });

  const edLog = createAuditLog({ sink: memorySink(), signingKey: ed });
  const smLog = createAuditLog({ sink: memorySink(), signingKey: sm2 });
  rows.push(
    await compare({
      group: 'sm2',
      name: 'signed audit checkpoint, SM2 key',
      ours: () => smLog.checkpoint(),
      peer: { name: 'same with an Ed25519 key (node:crypto)', fn: () => edLog.checkpoint() },
      batch: 4,
      note: 'checkpoints/s',
    }),
  );

  const grantOf = async (key: typeof ed, alg: 'ed25519' | 'sm2') =>
    (
      await grant({
        issuer: { id: 'k1', secretKey: key.secretKey, alg },
        subject: 'cust-1',
        grantee: 'n-5531',
        purpose: 'pickup',
        resource: 'SF1043212345678',
        scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
        expiresAt: Date.now() + 86_400_000,
        maxUses: 1,
      })
    ).token;
  const edToken = await grantOf(ed, 'ed25519');
  const smToken = await grantOf(sm2, 'sm2');
  const opts = (pk: Uint8Array) => ({
    issuers: { k1: pk },
    purpose: 'pickup',
    grantee: 'n-5531',
    resource: 'SF1043212345678',
    revocations: 'unchecked' as const,
  });
  const edOpts = opts(ed.publicKey);
  const smOpts = opts(sm2.publicKey);
  rows.push(
    await compare({
      group: 'sm2',
      name: `verify a one-block SM2 consent token (format 3, ${smToken.length} chars)`,
      ours: () => verify(smToken, smOpts),
      peer: {
        name: `Ed25519 token, format 1 (${edToken.length} chars, node:crypto)`,
        fn: () => verify(edToken, edOpts),
      },
      batch: 4,
      note: 'verifies/s',
    }),
  );
  return rows;
}
