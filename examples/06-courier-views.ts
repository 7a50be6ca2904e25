/**
 * Example 06: one sealed parcel, five people, five views. The courier policy
 * (examples/policies/courier.json) decides per field allow / mask / deny; the view decrypts
 * only what it shows, masks what is masked, and leaves out the rest.
 * Run: npx tsx examples/06-courier-views.ts
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { redact } from 'courier-pii/mask';
import { type PolicyRequest, policyFromJson } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';

const Party = z.object({
  customerId: z.string().optional(),
  name: pii.name(),
  phone: pii.phone(),
  address: pii.address(),
  idNumber: pii.idNumber().optional(),
});

/** The parcel record the courier policy is written for (20 fields). */
export const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    status: z.enum(['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'returned']),
    stationId: z.string(),
    courierId: z.string().optional(),
    carrierId: z.string().optional(),
    weightKg: z.number().nonnegative(),
    attempts: z.number().int().nonnegative(),
    /** End of the customer-service window (ms since epoch). */
    serviceUntil: z.number().optional(),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
    pickupCode: pii.pickupCode().optional(),
    // Sealed, with its redaction kept in clear: staff who may only see it masked read the
    // instruction ("放门口，电话138****5678") without the note being decrypted.
    deliveryNote: pii.freeText({ max: 500, onSeal: 'redact' }).optional(),
  }),
);

/** Seals one parcel and shows it to an assigned courier, another courier, a CS agent, an auditor and the recipient. */
export async function main() {
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-2026', key: generateKey() }], active: 'kek-2026' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    // The redactor for onSeal: 'redact' notes (the crypto module does not carry the detectors).
    redactText: (text) => redact(text).text,
  });
  const policy = policyFromJson(
    Parcel,
    JSON.parse(readFileSync(new URL('./policies/courier.json', import.meta.url), 'utf8')),
  );

  const now = Date.now();
  const plain = Parcel.parse({
    waybillNo: 'SF1381234567890',
    status: 'out_for_delivery',
    stationId: 'st-qd-01',
    courierId: 'c-7',
    weightKg: 2.5,
    attempts: 0,
    serviceUntil: now + 30 * 86_400_000,
    sender: {
      customerId: 'cust-s1',
      name: '欧阳娜娜',
      phone: '13912345678',
      address: '浙江省杭州市西湖区文三路100号',
      idNumber: '11010519491231002X',
    },
    recipient: {
      customerId: 'cust-r1',
      name: '张三',
      phone: '13812345678',
      address: '山东省青岛市市南区香港中路61号',
    },
    pickupCode: '3-2-1234',
    deliveryNote: '放门口，电话13812345678',
  });
  const recordId = 'P-20261128-0001';
  const { record: sealed } = await vault.seal(Parcel, plain, {
    recordId,
    subjects: { sender: 'cust-s1', recipient: 'cust-r1' },
  });

  const who: Record<string, Omit<PolicyRequest, 'resource' | 'recordId'>> = {
    assignedCourier: { actor: { id: 'c-7', roles: ['courier'] }, purpose: 'delivery' },
    otherCourier: { actor: { id: 'c-9', roles: ['courier'] }, purpose: 'delivery' },
    csAgent: { actor: { id: 'cs-12', roles: ['cs_agent'] }, purpose: 'customer_service' },
    auditor: { actor: { id: 'aud-1', roles: ['auditor'] }, purpose: 'audit' },
    customer: { actor: { id: 'cust-r1', roles: ['customer'] }, purpose: 'delivery' },
  };

  const views: Record<string, unknown> = {};
  const decisions: Record<string, ReturnType<typeof policy.decide>> = {};
  for (const [name, req] of Object.entries(who)) {
    // Conditions read only non-sealed fields, so deciding on the sealed record is enough.
    const decision = policy.decide({ ...req, resource: sealed, recordId, context: { now } });
    decisions[name] = decision;
    views[name] = await policy.view(vault, Parcel, sealed, decision, { recordId });
    console.log(
      `\n${name} (${req.actor.roles.join(',')}, ${req.purpose}) record visible: ${decision.record}`,
    );
    console.log(JSON.stringify(views[name], null, 2));
  }
  return { plain, sealed, views, decisions, policyHash: policy.policyHash };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
