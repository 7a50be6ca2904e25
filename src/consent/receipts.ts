// Consent receipts (ISO/IEC TS 27560 / Kantara Consent Receipt fields; mapping in
// docs/consent.md, "Receipts") and their audit events.
import { toHex } from '../_internal/bytes.js';
import type { AuditEvent } from '../audit/index.js';
import { classify } from '../schema/index.js';
import { PiiError } from '../errors.js';
import type { RootPayload } from './format.js';
import type { ConsentEvent, ConsentReceipt, ConsentSchema, ReceiptOptions } from './types.js';

function matches(pattern: string, path: string): boolean {
  if (pattern === '**') return true;
  if (pattern.endsWith('.*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

/**
 * PII categories (schema kinds) of the fields a scope covers. With `strict`, a pattern that
 * matches no field of the schema is an error (grant checks its scope this way).
 */
export function piiCategories(
  schema: ConsentSchema | undefined,
  patterns: readonly string[],
  strict: boolean,
): string[] {
  if (!schema) return [];
  const fields = classify(schema as Parameters<typeof classify>[0]);
  const kinds = new Set<string>();
  for (const p of patterns) {
    let hit = false;
    for (const f of fields) {
      if (!matches(p, f.path)) continue;
      hit = true;
      if (f.kind !== 'untagged') kinds.add(f.kind);
    }
    if (!hit && strict) {
      throw new PiiError('INVALID_ARGUMENT', 'scope names a path that the schema does not have.', {
        details: { path: p },
      });
    }
  }
  return [...kinds].sort();
}

export interface ReceiptInput {
  event: ConsentEvent;
  time: number;
  controller: string;
  state: RootPayload;
  tokenId: string;
  random: (n: number) => Uint8Array;
  schema?: ConsentSchema | undefined;
  blockId?: string;
  parentId?: string;
  use?: number;
}

export function makeReceipt(i: ReceiptInput): ConsentReceipt {
  const s = i.state;
  const scope = Object.freeze(Object.fromEntries(s.scope));
  const r: ConsentReceipt = {
    version: 'courier-pii.consent-receipt/1',
    receiptId: toHex(i.random(16)),
    event: i.event,
    timestamp: new Date(i.time).toISOString(),
    controller: i.controller,
    subject: s.subject,
    grantee: s.grantee,
    purpose: s.purpose,
    piiCategories: Object.freeze(piiCategories(i.schema, Object.keys(scope), false)),
    scope,
    ...(s.resource !== undefined ? { resource: s.resource } : {}),
    tokenId: i.tokenId,
    ...(s.recordId !== undefined ? { recordId: s.recordId } : {}),
    expiresAt: new Date(s.expiresAt * 1000).toISOString(),
    ...(i.blockId !== undefined ? { blockId: i.blockId } : {}),
    ...(i.parentId !== undefined ? { parentId: i.parentId } : {}),
    ...(i.use !== undefined ? { use: i.use } : {}),
    ...(s.maxUses !== undefined ? { maxUses: s.maxUses } : {}),
  };
  return Object.freeze(r);
}

/** The audit event that records a receipt (kinds consent.granted / attenuated / revoked / redeemed). */
export function receiptEvent(r: ConsentReceipt, keyId: string): AuditEvent {
  const common = {
    actor: r.controller,
    purpose: r.purpose,
    subjects: [r.subject],
    ...(r.resource !== undefined ? { records: [r.resource] } : {}),
    paths: Object.keys(r.scope),
    keyIds: [keyId],
  };
  const shared = {
    tokenId: r.tokenId,
    receiptId: r.receiptId,
    expiresAt: r.expiresAt,
    piiCategories: [...r.piiCategories],
    ...(r.recordId !== undefined ? { recordId: r.recordId } : {}),
    ...(r.maxUses !== undefined ? { maxUses: r.maxUses } : {}),
    ...(r.blockId !== undefined ? { blockId: r.blockId } : {}),
  };
  switch (r.event) {
    case 'granted':
      return {
        ...common,
        kind: 'consent.granted',
        data: { ...shared, grantee: r.grantee, scope: { ...r.scope } },
      };
    case 'attenuated':
      return {
        ...common,
        kind: 'consent.attenuated',
        data: { ...shared, parentId: r.parentId ?? r.tokenId, grantee: r.grantee, scope: { ...r.scope } },
      };
    case 'revoked':
      return { ...common, kind: 'consent.revoked', data: { ...shared, grantee: r.grantee } };
    case 'redeemed':
      return {
        ...common,
        kind: 'consent.redeemed',
        data: { ...shared, grantee: r.grantee, ...(r.use !== undefined ? { use: r.use } : {}) },
      };
  }
}

/** Appends the receipt's event when an audit log is given. */
export async function record(opts: ReceiptOptions, r: ConsentReceipt, keyId: string): Promise<void> {
  if (opts.audit) await opts.audit.append(receiptEvent(r, keyId));
}
