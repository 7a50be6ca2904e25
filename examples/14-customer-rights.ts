/**
 * Example 14: the customer's side, below the UI of a privacy center. A customer agrees to
 * marketing under notice v3; the policy lets marketing read their parcel only while that consent
 * is live (delivery needs none). They list their pickup grants in plain words and revoke one,
 * withdraw marketing (which queues erasure work), and file a complaint that becomes overdue.
 * Run: npx tsx examples/14-customer-rights.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
import {
  createMemoryGrantIndex,
  createMemoryPurposeConsentStore,
  createMemoryRevocationStore,
  createPurposeConsentLedger,
  describeGrant,
  generateSigningKey,
  grant,
  listGrants,
  revokeGrant,
  verify,
} from 'courier-pii/consent';
import { type ErasureWork, withdrawalErasureWork } from 'courier-pii/lifecycle';
import { definePolicy } from 'courier-pii/policy';
import { createRightsDesk } from 'courier-pii/rights';
import { pii } from 'courier-pii/schema';
import { isPiiError } from 'courier-pii';

const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  recipient: pii.subject('recipient', z.object({ name: pii.name(), phone: pii.phone() })),
});
const NOW = Date.UTC(2026, 11, 6, 2); // 10:00 in Shanghai
const DAY = 86_400_000;

export async function main() {
  const sink = memorySink();
  let now = NOW;
  const audit = createAuditLog({ sink, clock: () => now });

  // 1. Purpose consents, and a policy that reads them.
  const work: ErasureWork[] = [];
  const ledger = createPurposeConsentLedger({
    store: createMemoryPurposeConsentStore(),
    audit,
    now: () => now,
    onWithdraw: (w) => void work.push(withdrawalErasureWork(w, { neededFor: ['delivery'] })),
  });
  await ledger.give('cust-1', 'marketing', { noticeVersion: 'v3', separate: ['marketing'], channel: 'app' });
  const policy = definePolicy(
    Parcel,
    {
      id: 'shop',
      version: 1,
      purposes: ['delivery', 'marketing'],
      roles: ['crm'],
      rules: [{ id: 'crm-name', fields: ['recipient.name'], grant: 'mask', record: 'allow' }],
    },
    { purposeBases: { delivery: 'contract', marketing: 'consent' } },
  );
  const ask = async () =>
    policy.decide({
      actor: { id: 'crm-1', roles: ['crm'] },
      purpose: 'marketing',
      subjects: { recipient: 'cust-1' },
      context: { purposeConsents: await ledger.reader(['cust-1']) },
    }).record;
  const marketingBefore = await ask();
  console.log(`Marketing may read the parcel while consent is live: ${marketingBefore}`);

  // 2. The customer's grants, in plain words, and revoking one.
  const key = generateSigningKey();
  const issuers = { 'sf-2026': key.publicKey };
  const index = createMemoryGrantIndex();
  const revocations = createMemoryRevocationStore();
  const g = await grant({
    issuer: { id: 'sf-2026', secretKey: key.secretKey },
    subject: 'cust-1',
    grantee: 'n-5531',
    purpose: 'pickup',
    resource: 'SF1043212345678',
    scope: { pickupCode: 'allow', 'recipient.address': 'mask', 'recipient.name': 'mask' },
    expiresAt: NOW + 8 * 3_600_000,
    maxUses: 1,
    now: () => now,
    grantIndex: index,
    format: 2, // the compact encoding: the pickup token fits a QR code
  });
  const opts = { index, revocations, audit, now: () => now };
  const live = await listGrants('cust-1', opts);
  const sentences = live.map((x) => describeGrant(x, { grantee: { zh: '邻居', en: 'Neighbour' } }));
  for (const s of sentences) console.log(`Grant: ${s}`);
  console.log(`Pickup token: ${g.token.length} characters (fits a QR code)`);
  await revokeGrant('cust-1', g.tokenId, opts);
  const afterRevoke = await verify(g.token, {
    issuers,
    purpose: 'pickup',
    grantee: 'n-5531',
    resource: 'SF1043212345678',
    revocations,
    now,
  }).then(
    () => 'ok',
    (e: unknown) => (isPiiError(e) ? e.code : 'error'),
  );
  console.log(`The revoked token now fails verify: ${afterRevoke}`);

  // 3. Withdrawing marketing: denied from now on, and erasure work is queued.
  await ledger.withdraw('cust-1', 'marketing', { channel: 'app' });
  const marketingAfter = await ask();
  console.log(
    `Marketing after withdrawal: ${marketingAfter}; erasure work: ${work.map((w) => w.scope).join(', ')}`,
  );

  // 4. A complaint with a due date; staff see it overdue when the period passes.
  const desk = createRightsDesk({ audit, now: () => now });
  const complaint = await desk.file({ kind: 'complaint', subjectId: 'cust-1' });
  console.log(`Complaint ${complaint.id} due ${new Date(complaint.dueAt).toISOString().slice(0, 10)}`);
  now += 31 * DAY;
  const overdue = (await desk.overdue()).map((r) => r.id);
  console.log(`Overdue for staff: ${overdue.length}`);

  const verified = verifyAuditLog(sink.entries).ok;
  return {
    marketingBefore,
    marketingAfter,
    sentences,
    tokenLength: g.token.length,
    afterRevoke,
    work: work.map((w) => w.scope),
    overdue,
    complaintId: complaint.id,
    auditKinds: sink.entries.map((e) => e.kind),
    auditText: JSON.stringify(sink.entries),
    verified,
  };
}

// Run main() when this file is the program (not when a test imports it).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
