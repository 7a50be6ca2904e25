// A customer's grants: an index of the consent tokens issued for each subject, kept at grant time
// (grant({ grantIndex })), so the customer can list their live grants and revoke one or all.
// The index holds what a grant allows, never the token itself (a token is a bearer secret).
import { PiiError } from '../errors.js';
import { Journal, jsonLines } from './file-journal.js';
import type { ScopeLevel } from './scope.js';
import type { ConsentAuditSink, RevocationStore } from './types.js';
import { checkOptions as checkOptionNames } from '../_internal/options.js';
import { CUSTOMER_GRANTS_OPTIONS } from './option-names.js';

/** One grant in the index: what it allows, to whom, until when. No token bytes. */
export interface GrantIndexEntry {
  /** The grant's id (its root revocation id). */
  readonly tokenId: string;
  /** Whose data. */
  readonly subjectId: string;
  /** Who may use it. */
  readonly grantee: string;
  /** The one purpose. */
  readonly purpose: string;
  /** The resource (waybill number) it is bound to, if any. */
  readonly resource?: string;
  /** Field-path patterns → level. */
  readonly scope: Readonly<Record<string, ScopeLevel>>;
  /** When it was issued (ms since the epoch). */
  readonly grantedAt: number;
  /** When it ends (ms since the epoch). */
  readonly expiresAt: number;
  /** Use limit, if any. */
  readonly maxUses?: number;
}

/**
 * Where the grant index is kept. An extension point: the memory and file stores here, SQLite and
 * PostgreSQL stores in `courier-pii/stores`.
 */
export interface GrantIndexStore {
  /** Adds a grant (idempotent per token id). */
  add(entry: GrantIndexEntry): Promise<void>;
  /** The subject's grants (revoked ones too; {@link listGrants} filters), oldest first. */
  list(subjectId: string): Promise<GrantIndexEntry[]>;
  /** One grant, or undefined. */
  get(tokenId: string): Promise<GrantIndexEntry | undefined>;
  /** Releases files or connections. */
  close(): Promise<void>;
}

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;
const KEYS = new Set([
  'tokenId',
  'subjectId',
  'grantee',
  'purpose',
  'resource',
  'scope',
  'grantedAt',
  'expiresAt',
  'maxUses',
]);

function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}

function str(name: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 200)
    throw bad(`${name} must be a string of 1-200 characters.`);
  return v;
}

function time(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw bad(`${name} must be whole milliseconds since the epoch.`);
  return v;
}

/** @internal Throws INVALID_ARGUMENT unless `id` is a token id. */
export function checkTokenId(id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id))
    throw bad('tokenId must be 1-200 characters of A-Z a-z 0-9 _ . : / -.');
  return id;
}

/**
 * Checks a grant-index entry and returns a frozen copy with only the known fields; every store
 * calls it, so all refuse the same input.
 *
 * @param value - the candidate entry
 * @returns the entry, frozen
 * @throws PiiError INVALID_ARGUMENT for an unknown field or a malformed one
 * @example
 * ```ts
 * import { parseGrantIndexEntry } from 'courier-pii/consent';
 * const e = parseGrantIndexEntry({ tokenId: 't1', subjectId: 'r-1', grantee: 'n-1', purpose: 'pickup', scope: { pickupCode: 'allow' }, grantedAt: 0, expiresAt: 1000 });
 * console.log(e.purpose); // pickup
 * ```
 */
export function parseGrantIndexEntry(value: unknown): GrantIndexEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('A grant-index entry must be an object.');
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v))
    if (!KEYS.has(k)) throw bad(`A grant-index entry has an unknown field '${k.slice(0, 40)}'.`);
  if (typeof v.scope !== 'object' || v.scope === null || Array.isArray(v.scope))
    throw bad('scope must map paths to allow or mask.');
  const scope: Record<string, ScopeLevel> = {};
  for (const [p, l] of Object.entries(v.scope)) {
    if (l !== 'allow' && l !== 'mask') throw bad('scope levels are allow or mask.');
    scope[str('scope path', p)] = l;
  }
  if (Object.keys(scope).length === 0) throw bad('scope names at least one path.');
  const out: { -readonly [K in keyof GrantIndexEntry]: GrantIndexEntry[K] } = {
    tokenId: checkTokenId(v.tokenId),
    subjectId: str('subjectId', v.subjectId),
    grantee: str('grantee', v.grantee),
    purpose: str('purpose', v.purpose),
    scope: Object.freeze(scope),
    grantedAt: time('grantedAt', v.grantedAt),
    expiresAt: time('expiresAt', v.expiresAt),
  };
  if (v.resource !== undefined) out.resource = str('resource', v.resource);
  if (v.maxUses !== undefined) {
    if (typeof v.maxUses !== 'number' || !Number.isSafeInteger(v.maxUses) || v.maxUses < 1)
      throw bad('maxUses must be a positive integer.');
    out.maxUses = v.maxUses;
  }
  return Object.freeze(out);
}

function table() {
  const byId = new Map<string, GrantIndexEntry>();
  return {
    add(e: GrantIndexEntry) {
      if (!byId.has(e.tokenId)) byId.set(e.tokenId, e);
    },
    list: (s: string) => [...byId.values()].filter((e) => e.subjectId === s),
    get: (id: string) => byId.get(id),
    clear: () => byId.clear(),
  };
}

/**
 * An in-memory grant index (tests, demos).
 *
 * @returns the store
 * @example
 * ```ts
 * import { createMemoryGrantIndex } from 'courier-pii/consent';
 * const index = createMemoryGrantIndex();
 * console.log((await index.list('r-1')).length); // 0
 * ```
 */
export function createMemoryGrantIndex(): GrantIndexStore {
  const t = table();
  return {
    async add(entry) {
      t.add(parseGrantIndexEntry(entry));
    },
    async list(subjectId) {
      return t.list(str('subjectId', subjectId));
    },
    async get(tokenId) {
      return t.get(checkTokenId(tokenId));
    },
    async close() {},
  };
}

/**
 * A grant index in a local file (fsync'd JSON lines; a torn last line is dropped), for one
 * process; several need a database store from `courier-pii/stores`.
 *
 * @param path - the file (created 0600 when missing)
 * @returns the store; call `close()` when done
 * @throws PiiError INVALID_ARGUMENT without a path; from its methods STORE_CORRUPT, STORE_UNAVAILABLE
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createFileGrantIndex } from 'courier-pii/consent';
 * const index = createFileGrantIndex(join(mkdtempSync(join(tmpdir(), 'grants-')), 'grants.jsonl'));
 * console.log((await index.list('r-1')).length); // 0
 * await index.close();
 * ```
 */
export function createFileGrantIndex(path: string): GrantIndexStore {
  if (typeof path !== 'string' || path.length === 0) throw bad('path must be a file path.');
  const t = table();
  const j = new Journal(
    path,
    jsonLines('grant-index', parseGrantIndexEntry),
    (e) => t.add(e),
    () => t.clear(),
  );
  return {
    async add(entry) {
      const e = parseGrantIndexEntry(entry);
      return j.run(async (append) => {
        if (t.get(e.tokenId)) return;
        await append(e);
        t.add(e);
      });
    },
    async list(subjectId) {
      str('subjectId', subjectId);
      return j.run(() => t.list(subjectId));
    },
    async get(tokenId) {
      checkTokenId(tokenId);
      return j.run(() => t.get(tokenId));
    },
    close: () => j.close(),
  };
}

/** What {@link listGrants}, {@link revokeGrant} and {@link revokeAllGrants} need. */
export interface CustomerGrantsOptions {
  /** The grant index. */
  index: GrantIndexStore;
  /** The revocation store `verify` reads. */
  revocations: RevocationStore;
  /** Audit log for `consent.revoked` events (revocations only). */
  audit?: ConsentAuditSink;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

function checkOptions(o: CustomerGrantsOptions): void {
  checkOptionNames('customer grants', o, CUSTOMER_GRANTS_OPTIONS);
  if (typeof o?.index?.list !== 'function' || typeof o.revocations?.isRevoked !== 'function')
    throw bad('Customer grant operations need { index, revocations }.');
}

/**
 * The subject's live grants: issued, not expired, not revoked; soonest expiry first.
 *
 * @param subjectId - the customer
 * @param options - index, revocation store, clock
 * @returns the live grants
 * @throws PiiError INVALID_ARGUMENT for missing stores; the stores' errors
 * @example
 * ```ts
 * import { createMemoryGrantIndex, createMemoryRevocationStore, listGrants } from 'courier-pii/consent';
 * const live = await listGrants('r-1', { index: createMemoryGrantIndex(), revocations: createMemoryRevocationStore() });
 * console.log(live.length); // 0
 * ```
 */
export async function listGrants(
  subjectId: string,
  options: CustomerGrantsOptions,
): Promise<GrantIndexEntry[]> {
  checkOptions(options);
  const now = (options.now ?? Date.now)();
  const out: GrantIndexEntry[] = [];
  for (const e of await options.index.list(subjectId)) {
    if (e.expiresAt <= now) continue;
    if (await options.revocations.isRevoked([e.tokenId])) continue;
    out.push(e);
  }
  return out.sort((a, b) => a.expiresAt - b.expiresAt || (a.tokenId < b.tokenId ? -1 : 1));
}

/**
 * Revokes one of the subject's grants by its id: the grant and every token narrowed from it
 * stop verifying. A token id of another subject is refused, so a customer revokes only their own.
 *
 * @param subjectId - the customer
 * @param tokenId - the grant to revoke
 * @param options - index, revocation store, audit log
 * @returns the entry revoked
 * @throws PiiError INVALID_ARGUMENT for a token id the subject has no grant with
 * @example
 * ```ts
 * import { createMemoryGrantIndex, createMemoryRevocationStore, revokeGrant } from 'courier-pii/consent';
 * const index = createMemoryGrantIndex();
 * await index.add({ tokenId: 't1', subjectId: 'r-1', grantee: 'n-1', purpose: 'pickup', scope: { pickupCode: 'allow' }, grantedAt: 0, expiresAt: Date.now() + 60_000 });
 * const revocations = createMemoryRevocationStore();
 * await revokeGrant('r-1', 't1', { index, revocations });
 * console.log(await revocations.isRevoked(['t1'])); // true
 * ```
 */
export async function revokeGrant(
  subjectId: string,
  tokenId: string,
  options: CustomerGrantsOptions,
): Promise<GrantIndexEntry> {
  checkOptions(options);
  const e = await options.index.get(checkTokenId(tokenId));
  if (e === undefined || e.subjectId !== subjectId)
    throw bad('This customer has no grant with that id; list their grants first.');
  await options.revocations.revoke(e.tokenId);
  await options.audit?.append({
    kind: 'consent.revoked',
    actor: subjectId,
    purpose: e.purpose,
    subjects: [subjectId],
    data: { tokenId: e.tokenId, reason: 'subject-request' },
  });
  return e;
}

/**
 * Revokes every live grant of the subject.
 *
 * @param subjectId - the customer
 * @param options - index, revocation store, audit log, clock
 * @returns the entries revoked
 * @throws PiiError INVALID_ARGUMENT for missing stores; the stores' errors
 * @example
 * ```ts
 * import { createMemoryGrantIndex, createMemoryRevocationStore, revokeAllGrants } from 'courier-pii/consent';
 * const r = await revokeAllGrants('r-1', { index: createMemoryGrantIndex(), revocations: createMemoryRevocationStore() });
 * console.log(r.length); // 0
 * ```
 */
export async function revokeAllGrants(
  subjectId: string,
  options: CustomerGrantsOptions,
): Promise<GrantIndexEntry[]> {
  const live = await listGrants(subjectId, options);
  for (const e of live) await revokeGrant(subjectId, e.tokenId, options);
  return live;
}
