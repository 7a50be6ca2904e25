/**
 * Example 07: a recipient lets a neighbour collect one parcel. The neighbour narrows the grant
 * to a parcel locker, the locker redeems it once, a second redemption fails, and the recipient
 * revokes another grant (a customer-service callback) from the app.
 * Run: npx tsx examples/07-neighbour-pickup.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import {
  type ConsentClaims,
  attenuate,
  createMemoryRevocationStore,
  createMemoryUseCounter,
  generateSigningKey,
  grant,
  redeem,
  revoke,
  scopeLevel,
  verify,
} from 'courier-pii/consent';
import { isPiiError } from 'courier-pii';
import { classify, pii } from 'courier-pii/schema';

const Party = z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() });
const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  recipient: pii.subject('recipient', Party),
  pickupCode: pii.pickupCode(),
});

const HOUR = 3_600_000;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isPiiError(e)) return e.code;
    throw e;
  }
}

/** Runs the story; returns what a test checks. */
export async function main() {
  // The platform: one issuer key (public half shared with verifiers), an audit log, stores.
  const issuer = generateSigningKey();
  const issuers = { 'sf-2026': issuer.publicKey };
  const sink = memorySink();
  const audit = createAuditLog({ sink });
  const revocations = createMemoryRevocationStore();
  const counter = createMemoryUseCounter();
  const waybill = 'SF1043212345678';

  // 1. In the app, recipient r-8812 lets neighbour n-5531 pick up this one parcel: the pickup
  //    code in full, the address masked, for 48 hours, once.
  const { token: forNeighbour, receipt } = await grant({
    issuer: { id: 'sf-2026', secretKey: issuer.secretKey },
    subject: 'r-8812',
    grantee: 'n-5531',
    purpose: 'pickup',
    resource: waybill,
    scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
    expiresAt: Date.now() + 48 * HOUR,
    maxUses: 1,
    schema: Parcel,
    audit,
    controller: 'sf-express',
  });
  console.log(`Grant ${receipt.tokenId.slice(0, 8)}…: token of ${forNeighbour.length} characters`);
  console.log(
    `  receipt: ${receipt.event}, purpose ${receipt.purpose}, PII categories ${receipt.piiCategories.join(', ')}`,
  );

  // 2. The neighbour, offline, narrows it for locker SZ-0571: pickup code only, 24 hours.
  const forLocker = attenuate(forNeighbour, {
    grantee: 'n-5531/locker-SZ0571',
    scope: { pickupCode: 'allow' },
    expiresAt: Date.now() + 24 * HOUR,
    seal: true,
  });
  console.log(`Neighbour narrowed it for the locker (${forLocker.length} characters, sealed)`);

  // 3. The locker presents it; the platform verifies and counts the use.
  const redeemOpts = {
    issuers,
    purpose: 'pickup',
    grantee: 'n-5531/locker-SZ0571',
    resource: waybill,
    revocations,
    counter,
    audit,
  };
  const claims: ConsentClaims = await redeem(forLocker, redeemOpts);
  const visible = classify(Parcel)
    .map((f) => ({ path: f.path, level: scopeLevel(claims.scope, f.path) }))
    .filter((f) => f.level !== undefined);
  console.log(`Locker redeemed use ${claims.uses}/${claims.maxUses}; it may see:`);
  for (const f of visible) console.log(`  ${f.path}: ${f.level}`);

  // 4. A second redemption fails: the grant allowed one use.
  const secondRedeem = await codeOf(redeem(forLocker, redeemOpts));
  console.log(`Second redemption: ${secondRedeem}`);
  // The neighbour's own, wider token shares the count, so it is used up too.
  const neighbourAfter = await codeOf(redeem(forNeighbour, { ...redeemOpts, grantee: 'n-5531' }));
  console.log(`Neighbour's token after the locker's use: ${neighbourAfter}`);

  // 5. The recipient had also let customer service call back about the parcel; they revoke it.
  const { token: callback } = await grant({
    issuer: { id: 'sf-2026', secretKey: issuer.secretKey },
    subject: 'r-8812',
    grantee: 'cs-agent-77',
    purpose: 'callback',
    resource: waybill,
    scope: { 'recipient.phone': 'allow' },
    expiresAt: Date.now() + 72 * HOUR,
    schema: Parcel,
    audit,
  });
  const callbackOpts = {
    issuers,
    purpose: 'callback',
    grantee: 'cs-agent-77',
    resource: waybill,
    revocations,
  };
  const beforeRevoke = await codeOf(verify(callback, callbackOpts));
  await revoke(callback, { issuers, revocations, audit, controller: 'sf-express' });
  const afterRevoke = await codeOf(verify(callback, callbackOpts));
  console.log(`Customer-service callback grant: ${beforeRevoke} before revocation, ${afterRevoke} after`);

  const auditKinds = sink.entries.map((e) => (e as { kind?: string }).kind ?? '');
  console.log(`Audit log: ${auditKinds.join(', ')}`);
  return {
    tokenLength: forNeighbour.length,
    claims,
    visible,
    secondRedeem,
    neighbourAfter,
    beforeRevoke,
    afterRevoke,
    auditKinds,
    auditText: JSON.stringify(sink.entries),
    tokens: [forNeighbour, forLocker, callback],
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
