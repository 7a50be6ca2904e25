/**
 * Example 08: a small parcel service on PostgreSQL. Parcels are stored sealed (each customer's
 * fields under that customer's key, wrapped DEKs in PostgreSQL), found by recipient phone through
 * the blind index, and served as role-based views: the assigned courier sees the address and a
 * masked phone, customer service sees masked fields, an unassigned courier sees nothing. Every
 * view is recorded in an audit log that several service instances can share.
 *
 * It is also set up to survive database restarts (docs/operations.md, "When the database
 * restarts"): the pool has timeouts and an 'error' listener, and the audit append is retried
 * with an idempotency key while the database is unreachable, so a retry never logs twice.
 *
 * Run: bash .ci/services.sh start && . .tmp/services.env && npx tsx examples/08-postgres-service.ts
 * (or point COURIER_PII_PG_URL at your own PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEvent } from 'courier-pii/audit';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createKeyring, createVault, generateKey, type Vault } from 'courier-pii/crypto';
import { definePolicy, view } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import {
  createSharedAuditLog,
  migratePostgres,
  postgresAuditSink,
  postgresKeyStore,
} from 'courier-pii/stores';
import pg from 'pg';
import * as z from 'zod';

const Party = z.object({
  name: pii.name({ level: 'sensitive' }),
  phone: pii.phone(),
  address: pii.address(),
});
const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    status: z.enum(['in_transit', 'out_for_delivery', 'delivered']),
    courierId: z.string(),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
  }),
);

const policy = definePolicy(Parcel, {
  id: 'parcel-service',
  version: 1,
  purposes: ['delivery', 'customer-service'],
  roles: ['courier', 'cs'],
  rules: [
    {
      id: 'assigned-courier',
      roles: ['courier'],
      purposes: ['delivery'],
      when: [['resource.courierId', '==', { ref: 'actor.id' }]],
      fields: ['waybillNo', 'status', 'recipient.address', 'recipient.name'],
      grant: 'allow',
      record: 'allow',
    },
    {
      id: 'assigned-courier-phone',
      roles: ['courier'],
      purposes: ['delivery'],
      when: [['resource.courierId', '==', { ref: 'actor.id' }]],
      fields: ['recipient.phone', 'recipient.name'],
      grant: 'mask',
    },
    { id: 'courier-name-masked', roles: ['courier'], fields: ['recipient.name'], limit: 'mask' },
    {
      id: 'customer-service',
      roles: ['cs'],
      purposes: ['customer-service'],
      fields: ['**'],
      grant: 'mask',
      record: 'allow',
    },
    {
      id: 'cs-status',
      roles: ['cs'],
      purposes: ['customer-service'],
      fields: ['waybillNo', 'status'],
      grant: 'allow',
    },
  ],
});

/**
 * Pool settings for a service that must survive database restarts and failovers. Without them a
 * call waits out a paused or unreachable server for as long as the operating system lets a TCP
 * connection hang.
 */
export const poolSettings = {
  max: 10,
  /** A connection (a new one, or a free one from a busy pool) within 5 s, else fail. */
  connectionTimeoutMillis: 5_000,
  /** Client side: no answer within 10 s fails the call (a paused, partitioned or dead server). */
  query_timeout: 10_000,
  /** Server side: cancels a statement running longer than 8 s (a cancelled statement is not applied). */
  statement_timeout: 8_000,
  /** Server side: ends a session that keeps a transaction (and its row locks) open for 15 s. */
  idle_in_transaction_session_timeout: 15_000,
  /** Closes connections idle for 30 s. */
  idleTimeoutMillis: 30_000,
  /** TCP keepalive, so a connection to a vanished host is noticed. */
  keepAlive: true,
} as const satisfies pg.PoolConfig;

/** A pool with {@link poolSettings} and the 'error' listener every pg pool needs. */
export function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, ...poolSettings });
  // An idle connection that dies (a database restart) is reported here. Without a listener Node
  // ends the process; the pool has already dropped the connection and opens a new one when needed.
  pool.on('error', (err: Error & { code?: string }) => {
    console.warn('database connection lost; the pool reconnects on the next call:', err.code ?? err.message);
  });
  return pool;
}

/**
 * Runs a call that is safe to retry (a read, or a write with an idempotency key), retrying while
 * the database is unreachable: STORE_UNAVAILABLE and AUDIT_SINK_FAILED. Any other error is final.
 */
export async function retrying<T>(
  call: () => Promise<T>,
  { attempts = 5, delayMs = 200 }: { attempts?: number; delayMs?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= attempts || (code !== 'STORE_UNAVAILABLE' && code !== 'AUDIT_SINK_FAILED')) throw e;
      await new Promise((r) => setTimeout(r, delayMs * attempt));
    }
  }
}

/** The service's own table: sealed record, plus the columns it queries (never plaintext PII). */
async function createTables(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".parcels (
    id text PRIMARY KEY,
    courier_id text NOT NULL,
    status text NOT NULL,
    recipient_phone_bi text NOT NULL,
    record jsonb NOT NULL)`);
  await pool.query(
    `CREATE INDEX IF NOT EXISTS parcels_recipient_phone ON "${schema}".parcels (recipient_phone_bi)`,
  );
}

interface ServiceDeps {
  pool: pg.Pool;
  schema: string;
  vault: Vault;
  audit: ReturnType<typeof createSharedAuditLog>;
}

function actorOf(req: IncomingMessage) {
  const id = String(req.headers['x-actor'] ?? '');
  const roles = String(req.headers['x-roles'] ?? '')
    .split(',')
    .filter(Boolean);
  const purpose = String(req.headers['x-purpose'] ?? '');
  return { actor: { id, roles }, purpose };
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function handler({ pool, schema, vault, audit }: ServiceDeps) {
  return async (req: IncomingMessage): Promise<{ status: number; json: unknown }> => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'POST' && url.pathname === '/parcels') {
      const input = Parcel.parse(await body(req));
      const id = `parcel-${input.waybillNo}`;
      const { record, indexes } = await vault.seal(Parcel, input, {
        recordId: id,
        subjects: { sender: `cust-${input.sender.phone}`, recipient: `cust-${input.recipient.phone}` },
      });
      await pool.query(
        `INSERT INTO "${schema}".parcels (id, courier_id, status, recipient_phone_bi, record) VALUES ($1, $2, $3, $4, $5)`,
        [id, input.courierId, input.status, indexes['recipient.phone'], JSON.stringify(record)],
      );
      return { status: 201, json: { id } };
    }
    if (req.method === 'GET' && url.pathname === '/parcels') {
      const phone = url.searchParams.get('recipientPhone') ?? '';
      const { actor, purpose } = actorOf(req);
      // Equality search on the blind index: the phone itself is never stored or compared.
      const rows = await pool.query(
        `SELECT id, record FROM "${schema}".parcels WHERE recipient_phone_bi = $1 ORDER BY id`,
        [vault.blindIndex('phone', phone)],
      );
      const out: unknown[] = [];
      const requestId = randomUUID();
      for (const row of rows.rows as Array<{ id: string; record: Record<string, unknown> }>) {
        // The decision is bound to this row's id: view() accepts it for this record only.
        const decision = policy.decide({ actor, purpose, resource: row.record, recordId: row.id });
        // One key per request and record: a retry after a lost answer never logs the view twice.
        const event: AuditEvent = {
          kind: 'access.decision',
          actor: actor.id || 'anonymous',
          purpose: purpose || 'none',
          records: [row.id],
          data: {
            record: decision.record,
            rules: [...decision.recordRules],
            policyHash: decision.policyHash,
          },
        };
        await retrying(() => audit.append(event, { idempotencyKey: `${requestId}:${row.id}` }));
        if (!decision.record) continue;
        out.push({
          id: row.id,
          parcel: await view(vault, Parcel, row.record, decision, { recordId: row.id }),
        });
      }
      return { status: 200, json: out };
    }
    return { status: 404, json: { error: 'not found' } };
  };
}

export async function startService(deps: ServiceDeps): Promise<Server> {
  const handle = handler(deps);
  const server = createServer((req, res) => {
    handle(req).then(
      ({ status, json }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      },
      (e: unknown) => {
        // Error codes only: messages of this SDK never carry PII, but the input might.
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (e as { code?: string }).code ?? 'BAD_REQUEST' }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export async function main(options: { pgUrl?: string } = {}) {
  const connectionString = options.pgUrl ?? process.env.COURIER_PII_PG_URL;
  if (!connectionString)
    throw new Error('Set COURIER_PII_PG_URL (bash .ci/services.sh start writes it to .tmp/services.env).');
  const pool = createPool(connectionString);
  // One schema per run keeps this example repeatable; a real service uses one fixed schema.
  const schema = `example08_${process.pid}_${Date.now().toString(36)}`;
  await migratePostgres(pool, { schema });
  await createTables(pool, schema);

  // In production the KEK lives in an HSM (pkcs11KekProvider) or a KMS; a local key here.
  const keyring = createKeyring({ keks: [{ id: 'kek-2026-11', key: generateKey() }], active: 'kek-2026-11' });
  const vault = createVault({
    keyring,
    keyStore: postgresKeyStore({ pool, schema }),
    indexKey: generateKey(),
  });
  const audit = createSharedAuditLog({ sink: postgresAuditSink({ pool, schema, log: 'parcel-service' }) });
  const server = await startService({ pool, schema, vault, audit });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${base}${path}`, init);
    return { status: r.status, json: (await r.json()) as unknown };
  };

  try {
    const shop = { name: '杭州茶叶店', phone: '13900001111', address: '浙江省杭州市西湖区龙井路8号' };
    const li = { name: '李四', phone: '13812345678', address: '山东省青岛市市南区香港中路61号' };
    for (const [waybillNo, courierId] of [
      ['SF1000000000001', 'c-7'],
      ['SF1000000000002', 'c-9'],
    ] as const) {
      const created = await call('/parcels', {
        method: 'POST',
        body: JSON.stringify({
          waybillNo,
          status: 'out_for_delivery',
          courierId,
          sender: shop,
          recipient: li,
        }),
      });
      console.log('POST /parcels', created.status, created.json);
    }
    const lookup = (actor: string, roles: string, purpose: string) =>
      call(`/parcels?recipientPhone=${encodeURIComponent('+86 138-1234-5678')}`, {
        headers: { 'x-actor': actor, 'x-roles': roles, 'x-purpose': purpose },
      });
    const courier = await lookup('c-7', 'courier', 'delivery');
    const cs = await lookup('cs-17', 'cs', 'customer-service');
    const stranger = await lookup('c-99', 'courier', 'delivery');
    console.log('courier c-7 sees:', JSON.stringify(courier.json, null, 2));
    console.log('customer service sees:', JSON.stringify(cs.json, null, 2));
    console.log('an unassigned courier sees:', JSON.stringify(stranger.json));
    const stored = await pool.query(`SELECT record::text AS r FROM "${schema}".parcels`);
    const plaintextInDatabase = stored.rows.some(
      (row: { r: string }) => row.r.includes('13812345678') || row.r.includes('李四'),
    );
    const auditCheck = await audit.verify();
    const auditHead = await audit.head();
    console.log(
      'plaintext PII in the parcels table:',
      plaintextInDatabase,
      '| audit entries:',
      auditHead.size,
      'valid:',
      auditCheck.ok,
    );
    return { courier, cs, stranger, plaintextInDatabase, audit: { size: auditHead.size, ok: auditCheck.ok } };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  }
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
