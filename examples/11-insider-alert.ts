/**
 * Example 11: a customer-service agent starts pulling recipients' phones one after another,
 * the way a data broker's inside contact would. The monitor is hooked into the policy (no extra
 * call in the service code): after 60 distinct recipients within the hour it raises an alert,
 * records it in the audit log (rule, count, window, actor; no phone numbers) and puts the agent
 * on the deny list the policy honours. Every later lookup is refused; colleagues are unaffected.
 * Run: npx tsx examples/11-insider-alert.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { createAuditLog, memorySink, queryAudit } from 'courier-pii/audit';
import { createAccessMonitor, defaultRules, type MonitorAlert } from 'courier-pii/monitor';
import { definePolicy } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';

const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    status: z.enum(['in_transit', 'out_for_delivery', 'delivered']),
    recipientId: z.string(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
  }),
);

export async function main() {
  let now = Date.UTC(2026, 2, 4, 6, 0); // Wednesday 14:00 in Beijing
  const audit = createAuditLog({ sink: memorySink(), clock: () => now });
  const alerts: MonitorAlert[] = [];
  const monitor = createAccessMonitor({
    rules: defaultRules(),
    schema: Parcel,
    audit,
    clock: () => now,
    onAlert: (a) => {
      alerts.push(a);
      console.log(
        `ALERT ${a.rule} (${a.severity}): ${a.actor} reached ${a.count} > ${a.threshold} in ${a.window.ms / 60_000} min -> ${a.action}`,
      );
    },
  });
  const policy = definePolicy(
    Parcel,
    {
      id: 'support',
      version: 1,
      purposes: ['support'],
      roles: ['cs_agent'],
      rules: [
        {
          id: 'cs-lookup',
          roles: ['cs_agent'],
          purposes: ['support'],
          fields: ['recipient.*'],
          grant: 'mask',
          record: 'allow',
        },
        { id: 'cs-waybill', roles: ['cs_agent'], fields: ['waybillNo', 'status'], grant: 'allow' },
      ],
    },
    { audit, onDecision: monitor.onDecision, denyList: monitor.denyList },
  );

  // The rogue agent looks up 400 different recipients by phone, one every 6 seconds.
  const rogue = { id: 'cs-0417', roles: ['cs_agent'] };
  let served = 0;
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    now += 6_000;
    const d = policy.decide({
      actor: rogue,
      purpose: 'support',
      recordId: `SF${String(1_000_000_000_000 + i)}`,
      resource: { waybillNo: 'SF1381234567890', status: 'in_transit', recipientId: `cust-${i}` },
      context: { now },
    });
    if (d.record) served++;
    else refused++;
  }
  // A colleague doing ordinary work in the same hour.
  const colleague = policy.decide({
    actor: { id: 'cs-0102', roles: ['cs_agent'] },
    purpose: 'support',
    resource: { waybillNo: 'SF1381234567890', status: 'in_transit', recipientId: 'cust-7' },
    context: { now },
  });
  await policy.flush();
  await monitor.flush();

  const [entry] = await queryAudit(audit, { kinds: ['alert'], actor: rogue.id });
  console.log(`\n${served} lookups were served, ${refused} refused after the block.`);
  console.log(`The colleague still sees the phone masked: ${colleague.fields['recipient.phone'].effect}`);
  console.log('The audit entry of the alert (no personal data in it):');
  console.log(JSON.stringify({ kind: entry?.kind, actor: entry?.actor, data: entry?.data }, null, 2));
  return {
    alerts,
    served,
    refused,
    blocked: monitor.denyList.has(rogue.id),
    colleagueEffect: colleague.fields['recipient.phone'].effect,
    auditEntry: entry,
    verified: (await audit.verify()).ok,
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
