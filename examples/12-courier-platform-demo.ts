/**
 * Example 12 (`npm run demo`): the whole story of a courier platform on embedded defaults, with
 * file stores in a temporary folder (deleted at the end; `--keep` keeps it) and no server. The
 * story runs on its own clock, a weekday afternoon in Beijing, whatever the day and time zone it
 * runs in. Exits non-zero if any step does not behave.
 * Run: npx tsx examples/12-courier-platform-demo.ts [--keep]
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPiiError } from 'courier-pii';
import { createAuditLog, fileSink, verifyAuditFile } from 'courier-pii/audit';
import {
  attenuate,
  createFileRevocationStore,
  createFileUseCounter,
  generateSigningKey,
  grant,
  redeem,
  revoke,
  verify,
} from 'courier-pii/consent';
import { createKeyring, createVault, fileKeyStore, generateKey } from 'courier-pii/crypto';
import {
  DEFAULT_RETENTION_RULES,
  type LifecycleRecord,
  type RecordSource,
  countersignManifest,
  handover,
  handoverNotices,
  inventory,
  sweep,
  verifyDestructionCertificate,
  verifyHandover,
  verifyManifest,
} from 'courier-pii/lifecycle';
import { maskRecord, redact } from 'courier-pii/mask';
import { type MonitorAlert, createAccessMonitor, defaultRules, privacyReport } from 'courier-pii/monitor';
import { type PolicyRequest, policyFromJson } from 'courier-pii/policy';
import { redactedText } from 'courier-pii/schema';
import { fileProgressStore } from 'courier-pii/stores';
import { Parcel } from './06-courier-views.js';
import { generateOrders } from './data/orders.js';

const DAY = 86_400_000;
const ORDERS = Number(process.env.DEMO_ORDERS ?? 1000);

/** Terminal columns a string takes: CJK and full-width characters take two, so tables line up. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Prints rows as a table with `│` between columns, every column as wide as its widest cell. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) => `   ${cells.map((c, i) => pad(c, widths[i]!)).join(' │ ')}`.trimEnd();
  console.log(line(header));
  console.log(`   ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`);
  for (const r of rows) console.log(line(r));
}

/** A mainland mobile as a domestic waybill prints it: the national number, without +86. */
function onWaybill(phone: string): string {
  return phone.replace(/^\+86(?=1[\d*]{10}$)/, '');
}

function section(n: number, title: string): void {
  console.log(`\n${'='.repeat(78)}\n${n}. ${title}\n${'='.repeat(78)}`);
}

/** Fails the demo (non-zero exit) when a step does not behave as the story says. */
function check(ok: unknown, what: string): void {
  if (!ok) throw new Error(`demo check failed: ${what}`);
  console.log(`   ✔ ${what}`);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isPiiError(e)) return e.code;
    throw e;
  }
}

function bar(label: string, done: number, total: number): void {
  const width = 30;
  const full = Math.round((done / total) * width);
  const line = `   ${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done === total || done % Math.ceil(total / 4) === 0) console.log(line);
}

export interface DemoOptions {
  /** Orders to generate (default 1000, or DEMO_ORDERS). */
  orders?: number;
  /** Keep the temporary folder with the stores, the audit log and the HTML report (default false). */
  keep?: boolean;
}

export async function main(options: DemoOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'courier-pii-demo-'));
  try {
    return await story(dir, options.orders ?? ORDERS, options.keep === true);
  } finally {
    if (options.keep !== true) rmSync(dir, { recursive: true, force: true });
  }
}

async function story(dir: string, ORDERS: number, keep: boolean) {
  // The story's clock: a weekday afternoon in Beijing (06:00 UTC), the last one before today, so
  // the story (business-hours monitor rules, retention ages) is the same whatever day and time
  // zone it runs in. Everything that is recorded is stamped with this clock, the audit log
  // included, so the privacy report's period covers what the story did.
  const today = new Date();
  let now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 6, 0);
  while ([0, 6].includes(new Date(now).getUTCDay())) now -= DAY;
  let clock = now;
  console.log(
    `courier-pii demo: ${ORDERS} orders, on ${new Date(now).toISOString().slice(0, 16)}Z (a weekday, 14:00 in Beijing)`,
  );
  console.log(
    keep
      ? `   all state in ${dir} (kept)`
      : '   all state in a temporary folder, deleted at the end (`npm run demo -- --keep` keeps it)',
  );

  // ---------------------------------------------------------------------------------------------
  section(1, 'The parcel schema and the access policy');
  const policyJson = JSON.parse(readFileSync(new URL('./policies/courier.json', import.meta.url), 'utf8'));
  const keyring = createKeyring({ keks: [{ id: 'kek-2026-11', key: generateKey() }], active: 'kek-2026-11' });
  const keyStore = fileKeyStore(join(dir, 'subject-keys.journal'));
  const signing = generateSigningKey();
  const audit = createAuditLog({
    sink: fileSink(join(dir, 'audit.jsonl')),
    signingKey: signing,
    clock: () => clock,
  });
  // The audit log is also the vault's erasure ledger: every destroyed key is recorded there.
  // Delivery notes are sealed with their redaction kept in clear (onSeal: 'redact' in the Parcel
  // schema); the vault gets the redactor from courier-pii/mask.
  const vault = createVault({
    keyring,
    keyStore,
    indexKey: generateKey(),
    audit,
    redactText: (text) => redact(text).text,
  });
  const alerts: MonitorAlert[] = [];
  const monitor = createAccessMonitor({
    rules: defaultRules({ cs: 'cs_agent', station: 'station_staff' }),
    schema: Parcel,
    audit,
    clock: () => clock,
    subjectOf: (r) => (r.resource as { recipient?: { customerId?: string } }).recipient?.customerId,
    onAlert: (a) => alerts.push(a),
  });
  const policy = policyFromJson(Parcel, policyJson, {
    audit,
    onDecision: monitor.onDecision,
    denyList: monitor.denyList,
  });
  console.log(`   policy ${policy.id} v${policy.version}, hash ${policy.policyHash.slice(0, 16)}…`);
  check(policy.paths.includes('recipient.phone'), 'the policy is compiled against the typed schema');

  // ---------------------------------------------------------------------------------------------
  section(2, `Take in ${ORDERS} orders and seal them`);
  const orders = generateOrders(ORDERS, 20261128, now);
  const table = new Map<
    string,
    { sealed: Record<string, unknown>; indexes: Record<string, string>; order: (typeof orders)[number] }
  >();
  const byPhone = new Map<string, string[]>();
  const t0 = performance.now();
  // Seal in batches: new customers' keys are written to the key store with one fsync per batch.
  for (let i = 0; i < orders.length; i += 100) {
    await Promise.all(
      orders.slice(i, i + 100).map(async (o) => {
        const { record, indexes } = await vault.seal(Parcel, Parcel.parse(o), {
          recordId: o.recordId,
          subjects: { sender: o.sender.customerId, recipient: o.recipient.customerId },
        });
        table.set(o.recordId, { sealed: record as Record<string, unknown>, indexes, order: o });
      }),
    );
  }
  for (const o of orders) {
    const ix = table.get(o.recordId)!.indexes['recipient.phone'];
    if (ix) byPhone.set(ix, [...(byPhone.get(ix) ?? []), o.recordId]);
  }
  const ms = performance.now() - t0;
  const sample = table.get(orders[0]!.recordId)!;
  console.log(`   sealed ${ORDERS} parcels in ${ms.toFixed(0)} ms; a stored recipient looks like:`);
  const storedRecipient = (sample.sealed as { recipient: Record<string, string> }).recipient;
  for (const [k, v] of Object.entries(storedRecipient)) {
    console.log(`     ${pad(k, 10)} ${v.length > 60 ? `${v.slice(0, 57)}…` : v}`);
  }
  console.log('   (customerId and name are `internal`: stored readable by design and masked on display; the');
  console.log('    demo prints internal data on purpose. Only `sensitive` fields are sealed.)');
  const stored = JSON.stringify([...table.values()].map((r) => r.sealed));
  check(!stored.includes(orders[0]!.recipient.phone), 'no phone number is stored in clear');
  // Customers type phone numbers into notes: the stored note is sealed, and only its redaction
  // (phones masked) is in clear, for search and for staff who see notes masked.
  const withPhone = orders.find((o) => o.deliveryNote.includes(o.recipient.phone.slice(7)))!;
  const storedNote = table.get(withPhone.recordId)!.sealed.deliveryNote;
  console.log(`   a stored delivery note, in clear: ${redactedText(storedNote)}`);
  check(
    orders.every((o) => {
      const n = table.get(o.recordId)!.sealed.deliveryNote;
      const clear = redactedText(n);
      return (
        clear !== undefined &&
        !clear.includes(o.recipient.phone.slice(3)) &&
        !JSON.stringify(n).includes(o.recipient.phone)
      );
    }),
    'every delivery note is sealed, and its clear redaction holds no phone number',
  );
  check(!stored.includes(orders[0]!.sender.idNumber!), 'no resident ID is stored in clear');

  // ---------------------------------------------------------------------------------------------
  section(3, 'A privacy-waybill label (隐私面单)');
  // A parcel out for delivery whose note carries the recipient's phone (as customers type them).
  const labelOrder = orders.find(
    (o) => o.status === 'out_for_delivery' && o.deliveryNote.includes(o.recipient.phone.slice(7)),
  )!;
  const opened = await vault.open(Parcel, table.get(labelOrder.recordId)!.sealed, {
    recordId: labelOrder.recordId,
  });
  const label = maskRecord(Parcel, opened, 'privacyWaybill');
  const lines = [
    `运单号 ${label.waybillNo}`,
    `收件 ${label.recipient.name}  ${onWaybill(label.recipient.phone)}`,
    `     ${label.recipient.address}`,
    `寄件 ${label.sender.name}  ${onWaybill(label.sender.phone)}`,
  ];
  const w = Math.max(...lines.map(displayWidth));
  console.log(`   ┌${'─'.repeat(w + 2)}┐`);
  for (const l of lines) console.log(`   │ ${pad(l, w)} │`);
  console.log(`   └${'─'.repeat(w + 2)}┘`);
  check(label.sender.idNumber === undefined, 'the label carries no ID number (快递暂行条例 Art. 22)');
  check(label.recipient.phone.includes('****'), 'the phone on the label is masked');

  // ---------------------------------------------------------------------------------------------
  section(4, 'One parcel, five people, five views');
  const viewed = labelOrder;
  const sealed = table.get(viewed.recordId)!.sealed;
  const who: Record<string, Omit<PolicyRequest, 'resource' | 'recordId'>> = {
    'assigned courier': { actor: { id: viewed.courierId, roles: ['courier'] }, purpose: 'delivery' },
    'another courier': { actor: { id: 'c-999', roles: ['courier'] }, purpose: 'delivery' },
    'CS agent': { actor: { id: 'cs-12', roles: ['cs_agent'] }, purpose: 'customer_service' },
    auditor: { actor: { id: 'aud-1', roles: ['auditor'] }, purpose: 'audit' },
    'the recipient': { actor: { id: viewed.recipient.customerId, roles: ['customer'] }, purpose: 'delivery' },
  };
  const views: Record<string, Record<string, unknown>> = {};
  const viewRows: string[][] = [];
  for (const [name, req] of Object.entries(who)) {
    const decision = policy.decide({ ...req, resource: sealed, recordId: viewed.recordId, context: { now } });
    const v = (await policy.view(vault, Parcel, sealed, decision, { recordId: viewed.recordId })) as Record<
      string,
      unknown
    >;
    views[name] = v;
    const r = (v.recipient ?? {}) as Record<string, unknown>;
    viewRows.push([
      name,
      decision.record ? 'visible' : 'hidden',
      String(r.name ?? '—'),
      String(r.phone ?? '—'),
      String(r.address ?? '—'),
    ]);
  }
  printTable(['who', 'record', 'name', 'phone', 'address'], viewRows);
  console.log('   (— : the policy shows nothing; the recipient sees their own data in full, by design)');
  const rec = (n: string) => (views[n]?.recipient ?? {}) as Record<string, string | undefined>;
  check(
    rec('assigned courier').address === opened.recipient.address,
    'the assigned courier sees the full address',
  );
  check(rec('assigned courier').phone?.includes('****'), 'the assigned courier sees the phone masked');
  check(Object.keys(views['another courier']!).length === 0, 'another courier sees nothing');
  check(rec('auditor').phone !== opened.recipient.phone, 'the auditor never sees plaintext');
  check(rec('the recipient').phone === opened.recipient.phone, 'the customer sees their own data in full');
  const csNote = String(views['CS agent']!.deliveryNote ?? '');
  console.log(`   the CS agent reads the note as: ${csNote}`);
  check(
    csNote.includes('****') && csNote === redact(opened.deliveryNote ?? '').text,
    'the CS agent reads the delivery note redacted (from its clear redaction, not decrypted)',
  );
  check(
    views['the recipient']!.deliveryNote === opened.deliveryNote,
    'the recipient reads their note in full',
  );

  // ---------------------------------------------------------------------------------------------
  section(5, 'The recipient lets a neighbour pick up the parcel');
  // Consent tokens live on the wall clock: they are issued, narrowed and redeemed now.
  const issuers = { 'platform-2026': signing.publicKey };
  const revocations = createFileRevocationStore(join(dir, 'revocations.journal'));
  const counter = createFileUseCounter(join(dir, 'uses.journal'));
  const { token } = await grant({
    issuer: { id: 'platform-2026', secretKey: signing.secretKey },
    subject: viewed.recipient.customerId,
    grantee: 'neighbour-5531',
    purpose: 'pickup',
    resource: viewed.recordId,
    scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
    expiresAt: Date.now() + 2 * DAY,
    maxUses: 1,
    schema: Parcel,
    audit,
  });
  const forLocker = attenuate(token, {
    grantee: 'neighbour-5531/locker-07',
    scope: { pickupCode: 'allow' },
    expiresAt: Date.now() + DAY,
  });
  const redeemOpts = {
    issuers,
    purpose: 'pickup',
    grantee: 'neighbour-5531/locker-07',
    resource: viewed.recordId,
    revocations,
    counter,
    audit,
  };
  const claims = await redeem(forLocker, redeemOpts);
  console.log(
    `   token ${token.length} chars; the locker redeemed use ${claims.uses}/${claims.maxUses}, scope ${JSON.stringify(claims.scope)}`,
  );
  const second = await codeOf(redeem(forLocker, redeemOpts));
  const { token: callback } = await grant({
    issuer: { id: 'platform-2026', secretKey: signing.secretKey },
    subject: viewed.recipient.customerId,
    grantee: 'cs-12',
    purpose: 'callback',
    resource: viewed.recordId,
    scope: { 'recipient.phone': 'allow' },
    expiresAt: Date.now() + 3 * DAY,
    schema: Parcel,
    audit,
  });
  await revoke(callback, { issuers, revocations, audit });
  const afterRevoke = await codeOf(
    verify(callback, {
      issuers,
      purpose: 'callback',
      grantee: 'cs-12',
      resource: viewed.recordId,
      revocations,
    }),
  );
  check(second === 'TOKEN_EXHAUSTED', 'a second redemption is refused (TOKEN_EXHAUSTED)');
  check(
    afterRevoke === 'TOKEN_REVOKED',
    'the revoked customer-service grant no longer verifies (TOKEN_REVOKED)',
  );

  // ---------------------------------------------------------------------------------------------
  section(6, 'Customer service looks a parcel up by phone (blind index)');
  const asTyped = `+86 ${viewed.recipient.phone.slice(0, 3)} ${viewed.recipient.phone.slice(3, 7)} ${viewed.recipient.phone.slice(7)}`;
  const hits = byPhone.get(vault.blindIndex('phone', asTyped)) ?? [];
  console.log(
    `   the phone as the caller typed it finds ${hits.length} parcel(s): ${hits.slice(0, 5).join(', ')}`,
  );
  check(hits.includes(viewed.recordId), 'the lookup finds the parcel without storing the phone in clear');

  // ---------------------------------------------------------------------------------------------
  section(7, 'A rogue agent pulls hundreds of phone numbers');
  const rogue = { id: 'cs-0417', roles: ['cs_agent'] };
  let served = 0;
  let refused = 0;
  const servedRecipients = new Set<string>();
  for (const { sealed: s, order } of [...table.values()].slice(0, 400)) {
    clock += 6_000; // one lookup every six seconds
    const d = policy.decide({
      actor: rogue,
      purpose: 'customer_service',
      resource: s,
      recordId: order.recordId,
      context: { now: clock },
    });
    if (d.record && d.fields['recipient.phone']?.effect !== 'deny') {
      served++;
      servedRecipients.add(order.recipient.customerId);
    } else refused++;
  }
  await policy.flush();
  await monitor.flush();
  const alert = alerts.find((a) => a.actor === rogue.id && a.rule === 'cs-distinct-recipients-hour');
  console.log(
    `   400 lookups, one every 6 s: ${served} answered (${servedRecipients.size} distinct recipients), then ${refused} refused`,
  );
  console.log(
    `   alert: ${alert ? `${alert.rule}: ${alert.count} distinct recipients within an hour > ${alert.threshold} allowed → ${alert.action}` : 'none'}`,
  );
  check(alert !== undefined, 'the access monitor raised an alert');
  check(monitor.denyList.has(rogue.id) && refused > 0, 'the agent is blocked and later lookups are refused');
  check(!JSON.stringify(alerts).includes(orders[0]!.recipient.phone), 'the alert contains no phone numbers');

  // ---------------------------------------------------------------------------------------------
  section(8, 'Verify the audit log');
  const cp = await audit.checkpoint();
  const verdict = await verifyAuditFile(join(dir, 'audit.jsonl'), {
    publicKey: signing.publicKey,
    checkpoint: cp,
  });
  console.log(
    `   ${verdict.size} entries, head ${verdict.head.slice(0, 16)}…, signed checkpoint at ${cp.size}`,
  );
  check(verdict.ok, 'the hash chain and the signed checkpoint verify');

  // ---------------------------------------------------------------------------------------------
  section(9, 'Retention sweep: destroy waybill data 90 days after delivery');
  const records = new Map<string, LifecycleRecord>();
  for (const { sealed: s, indexes, order } of table.values()) {
    records.set(order.recordId, {
      id: order.recordId,
      schema: Parcel,
      subjects: { sender: order.sender.customerId, recipient: order.recipient.customerId },
      events: order.deliveredAt ? { deliveredAt: order.deliveredAt } : {},
      purposes: ['delivery'],
      data: s,
      indexes,
    });
  }
  const source: RecordSource = {
    async *records() {
      yield* [...records.values()];
    },
    async destroy(action) {
      for (const ix of action.indexes) byPhone.delete(ix);
      if (action.wholeRecord) {
        records.delete(action.recordId);
        table.delete(action.recordId);
      }
    },
  };
  const dry = await sweep({ now, rules: DEFAULT_RETENTION_RULES, source, vault, dryRun: true });
  const report = await sweep({
    now,
    rules: DEFAULT_RETENTION_RULES,
    source,
    vault,
    audit,
    signingKey: signing,
  });
  const certsOk = report.certificates.every((c) => verifyDestructionCertificate(c, signing.publicKey));
  console.log(
    `   dry run: ${dry.shred.length} keys due (customers and parcels whose sealed data is all past its retention)`,
  );
  console.log(
    `   swept: ${report.keyIdsDestroyed.length} keys crypto-shredded, ${report.delete.length} parcels' due fields deleted, ${report.indexesToDelete.length} blind-index rows deleted; ${report.certificates.length} signed certificate(s)`,
  );
  check(
    report.keyIdsDestroyed.length > 0 && report.keyIdsDestroyed.length === dry.shred.length,
    'the sweep destroyed what the dry run announced',
  );
  check(certsOk, 'every destruction certificate verifies');

  // ---------------------------------------------------------------------------------------------
  section(10, 'Erase one customer (PIPL Art. 47)');
  const victim = [...table.values()].find((r) => r.order.status !== 'delivered')!;
  const erased = victim.order.recipient.customerId;
  const theirs = [...table.values()].filter((r) => r.order.recipient.customerId === erased);
  // The vault records the erasure in the audit log itself (key.destroyed) before destroying the key.
  const cert = await vault.eraseSubject(erased, {
    knownValues: [{ kind: 'phone', value: victim.order.recipient.phone }],
    actor: 'privacy-officer',
    purpose: 'legal_obligation',
  });
  const results = await Promise.all(
    theirs.map((r) =>
      codeOf(vault.open(Parcel, r.sealed, { recordId: r.order.recordId, paths: ['recipient.phone'] })),
    ),
  );
  const senderStill = await vault.open(Parcel, victim.sealed, {
    recordId: victim.order.recordId,
    paths: ['sender.phone'],
  });
  console.log(`   ${theirs.length} parcel(s) of the customer: ${results.join(', ')}`);
  console.log(
    `   erasure certificate: subject ${cert.subjectId}, key ${cert.keyIdsDestroyed.join(', ')} (under ${cert.kekId}) destroyed, ${cert.indexesToDelete.length} blind-index row(s) to delete`,
  );
  check(
    results.every((r) => r === 'KEY_DESTROYED'),
    "the customer's fields no longer open (KEY_DESTROYED)",
  );
  check(
    senderStill.sender.phone === `+86${victim.order.sender.phone}`,
    "the sender's fields in the same parcel still open",
  );
  check(
    !JSON.stringify(cert).includes(victim.order.recipient.phone),
    'the erasure certificate holds no personal data',
  );

  // ---------------------------------------------------------------------------------------------
  section(11, 'The company is sold: hand the data to the buyer (PIPL Art. 22)');
  const buyerRing = createKeyring({
    keks: [{ id: 'buyer-kek-1', key: generateKey() }],
    active: 'buyer-kek-1',
  });
  const buyerSigning = generateSigningKey();
  let totalKeys = 0;
  for await (const _ of keyStore.list()) totalKeys++;
  const buyer = { id: 'buyer', name: '山东远航物流有限公司', contact: 'privacy@buyer.example' };
  const { manifest } = await handover({
    id: 'acquisition-2026-11',
    from: { keyring, keyStore },
    to: buyerRing,
    seller: {
      id: 'seller',
      name: '青岛迅达快递有限公司',
      contact: 'privacy@seller.example',
      signingKey: signing,
    },
    buyer,
    purposes: policyJson.purposes,
    schemas: [Parcel],
    recordCounts: { 'parcel/v1': table.size },
    policyHashes: { [policy.id]: policy.policyHash },
    progress: fileProgressStore(join(dir, 'progress.json')),
    progressEvery: 100,
    onProgress: (p) => bar('rewrapping', p.done, totalKeys),
    audit,
  });
  vault.clearCache();
  const verification = await verifyHandover({ keyStore, keyring: buyerRing, manifest });
  const countersigned = countersignManifest(manifest, {
    signingKey: buyerSigning,
    sellerPublicKey: signing.publicKey,
    verification,
  });
  const sigs = verifyManifest(countersigned, {
    sellerPublicKey: signing.publicKey,
    buyerPublicKey: buyerSigning.publicKey,
  });
  let notices = 0;
  for await (const _ of handoverNotices(countersigned, keyStore)) notices++;
  const buyerVault = createVault({ keyring: buyerRing, keyStore, indexKey: generateKey() });
  const anyLive = [...table.values()].find(
    (r) => r.order.recipient.customerId !== erased && r.order.sender.customerId !== erased,
  )!;
  const buyerOpens = await codeOf(
    buyerVault.open(Parcel, anyLive.sealed, { recordId: anyLive.order.recordId, paths: ['recipient.phone'] }),
  );
  const sellerOpens = await codeOf(
    vault.open(Parcel, anyLive.sealed, { recordId: anyLive.order.recordId, paths: ['recipient.phone'] }),
  );
  console.log(
    `   ${totalKeys} subject keys in the store: ${manifest.subjects.active} live keys rewrapped to ${manifest.keys.buyerKekId}, ${manifest.subjects.erased} tombstones of erased keys (the retention sweep and the erasure) stay erased`,
  );
  console.log(
    `   ${notices} customers to notify (one per live key); a parcel opened by the buyer: ${buyerOpens}, by the seller's keys: ${sellerOpens}`,
  );
  check(verification.ok, 'the buyer verified that every key opens');
  check(Object.values(sigs).every(Boolean), 'seller signature and buyer countersignature verify');
  check(
    buyerOpens === 'ok' && sellerOpens !== 'ok',
    "the buyer reads the data and the seller's keys open nothing",
  );

  // ---------------------------------------------------------------------------------------------
  section(12, 'Inventory and privacy report');
  const inv = inventory([Parcel], [policy], { now: new Date(clock) });
  console.log(
    `   ${inv.json.summary.fields} fields, ${inv.json.summary.sensitive} sensitive, ${inv.json.summary.encrypted} sealed at rest; who sees each field (for some purpose; * only when a rule's condition holds):`,
  );
  const roles = inv.json.policies[0]?.roles ?? [];
  printTable(
    ['field', 'level', 'sealed', 'shown in full to', 'shown masked to'],
    inventoryRows(inv.json.fields, roles),
  );
  console.log(
    `   (${Object.entries(SHORT_ROLE)
      .map(([r, short]) => `${short} = ${r}`)
      .join(', ')}; the full inventory: inventory(...).markdown or \`courier-pii inventory\`)`,
  );
  await audit.close();
  const pr = await privacyReport(auditEntries(join(dir, 'audit.jsonl')), {
    from: new Date(now - DAY),
    to: new Date(clock + DAY),
    now: new Date(clock),
  });
  const htmlPath = join(dir, 'privacy-report.html');
  writeFileSync(htmlPath, pr.html);
  console.log(
    `\n   privacy report for ${pr.data.period.from} to ${pr.data.period.to}, from ${pr.data.entries} audit entries${keep ? `: ${htmlPath}` : ''}`,
  );
  check(inv.json.fields.length > 0, 'the inventory lists every field with who sees it');
  const logged = auditEntries(join(dir, 'audit.jsonl')).length;
  check(
    logged > 0 && pr.data.entries === logged,
    `the privacy report covers all ${logged} entries of the audit log`,
  );

  console.log('\nThe whole story ran; every check passed.');
  await keyStore.close();
  await revocations.close?.();
  await counter.close?.();
  return { dir, alerts, verdict, report, notices, htmlPath, html: pr.html, privacy: pr.data, views, label };
}

/** Short role names for the inventory table, so it fits a terminal; printed as a legend. */
const SHORT_ROLE: Record<string, string> = {
  cs_agent: 'cs',
  station_staff: 'station',
  partner_carrier: 'partner',
};

/** Inventory rows: per field, the roles that see it in full and masked (`*`: only under a condition). */
function inventoryRows(fields: ReturnType<typeof inventory>['json']['fields'], roles: string[]): string[][] {
  const names = (set: Set<string>) =>
    set.size === roles.length && [...set].every((r) => !r.endsWith('*'))
      ? 'every role'
      : [...set]
          .map((r) => SHORT_ROLE[r.replace('*', '')]?.concat(r.endsWith('*') ? '*' : '') ?? r)
          .join(' ') || '—';
  return fields.map((f) => {
    const full = new Set<string>();
    const masked = new Set<string>();
    for (const a of f.access) {
      const conditional = a.always !== a.effect ? '*' : '';
      if (a.effect === 'allow') full.add(`${a.role}${conditional}`);
      else if (a.effect === 'mask') masked.add(`${a.role}${conditional}`);
    }
    for (const r of full) masked.delete(r);
    return [f.path, f.level, f.encrypted ? 'yes' : 'no', names(full), names(masked)];
  });
}

function auditEntries(path: string) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main({ keep: process.argv.includes('--keep') }).catch((e) => {
    console.error(`\nDEMO FAILED: ${(e as Error).message}`);
    process.exit(1);
  });
}
