// The data inventory: records of processing (PIPL Art. 56; GDPR Art. 30) built from the schemas
// and policies themselves — every field with level, kind, subject, retention, encryption, and
// which roles see it how for which purposes — as JSON, Markdown and a Mermaid diagram, with a
// PIA checklist (PIPL Art. 55-56) pre-filled from it.
import type * as z from 'zod';
import type { Policy } from '../policy/index.js';
import { classify, type Level, levelRank, schemaId } from '../schema/index.js';
import { type PiaItem, piaChecklist } from './pia.js';
import { digest } from './signing.js';
import { checkOptions } from '../_internal/options.js';
import { INVENTORY_OPTIONS } from './option-names.js';

/** A field effect as the policy lattice orders it: deny < mask < allow. */
export type InventoryEffect = 'deny' | 'mask' | 'allow';
const RANK: Record<InventoryEffect, number> = { deny: 0, mask: 1, allow: 2 };

/** Who may see a field, for one policy, role and purpose. */
export interface InventoryAccess {
  policy: string;
  role: string;
  purpose: string;
  /** The most the role can get (when every condition of a conditional rule holds). */
  effect: InventoryEffect;
  /** What the role gets when no conditional rule holds. */
  always: InventoryEffect;
  /** Conditional rules that raise or cap this field. */
  conditional: string[];
}

/** One field of the inventory. */
export interface InventoryField {
  schema: string;
  path: string;
  level: Level;
  kind: string;
  subject?: string;
  retention?: string;
  /** Sealed at rest by the vault (level at or above `sealAtLeast`). */
  encrypted: boolean;
  /** Non-deny accesses. */
  access: InventoryAccess[];
}

/** The inventory as data. */
export interface InventoryJson {
  format: 'courier-pii/inventory/v1';
  generatedAt: string;
  sealAtLeast: Level;
  schemas: Array<{ id: string; hash: string; fields: number }>;
  policies: Array<{
    id: string;
    version: string | number;
    policyHash: string;
    purposes: string[];
    roles: string[];
    schema?: string;
  }>;
  fields: InventoryField[];
  summary: {
    fields: number;
    sensitive: number;
    encrypted: number;
    sensitiveInPlaintextAtRest: string[];
    sensitiveShownInFull: string[];
  };
}

/** Result of {@link inventory}. */
export interface InventoryResult {
  json: InventoryJson;
  markdown: string;
  mermaid: string;
  /** The PIA checklist (PIPL Art. 55-56), pre-filled. */
  pia: PiaItem[];
}

/** Options of {@link inventory}. */
export interface InventoryOptions {
  /** The vault's seal level (default `sensitive`). */
  sealAtLeast?: Level;
  /** Clock (default now). */
  now?: Date;
}

function matches(pattern: string, path: string): boolean {
  if (pattern === '**' || pattern === path) return true;
  return pattern.endsWith('.*') && path.startsWith(pattern.slice(0, -1));
}

function rolesOf(p: Policy): string[] {
  const s = p.spec;
  return [...(s.roles ?? [...new Set(s.rules.flatMap((r) => r.roles ?? []))])].sort();
}

function accessFor(p: Policy, role: string, purpose: string, path: string): InventoryAccess {
  let uGrant: InventoryEffect = 'deny';
  let cGrant: InventoryEffect = 'deny';
  let uLimit: InventoryEffect = 'allow';
  const conditional: string[] = [];
  for (const r of p.spec.rules) {
    if (r.roles && !r.roles.includes(role)) continue;
    if (r.purposes && !r.purposes.includes(purpose)) continue;
    if (!r.fields?.some((f) => matches(f, path))) continue;
    // A `consent` grant gives up to what a verified consent token allows: conditional by nature.
    const cond = (r.when?.length ?? 0) > 0 || (r.anyOf?.length ?? 0) > 0 || r.grant === 'consent';
    if (cond && (r.grant || r.limit)) conditional.push(r.id);
    if (r.grant) {
      const g: InventoryEffect = r.grant === 'consent' ? 'allow' : r.grant;
      if (cond) cGrant = RANK[g] > RANK[cGrant] ? g : cGrant;
      else uGrant = RANK[g] > RANK[uGrant] ? g : uGrant;
    }
    if (r.limit && !cond && RANK[r.limit] < RANK[uLimit]) uLimit = r.limit;
  }
  const cap = (e: InventoryEffect): InventoryEffect => (RANK[e] > RANK[uLimit] ? uLimit : e);
  const always = cap(uGrant);
  const effect = cap(RANK[cGrant] > RANK[uGrant] ? cGrant : uGrant);
  return { policy: p.id, role, purpose, effect, always, conditional: conditional.sort() };
}

const esc = (s: string): string => s.replace(/\|/g, '\\|');
const node = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Builds the data inventory (processing records) from schemas and policies, with a pre-filled
 * PIA checklist. A policy is matched to the schema whose fields it decides. Effects are read
 * from the policy rules: `effect` is the most a role can get, `always` what it gets when no
 * conditional rule holds (consent tokens can still grant within a policy's limits).
 *
 * @param schemas - the record schemas (ids from `pii.id`)
 * @param policies - policies from `definePolicy`
 * @param options - seal level, clock
 * @returns JSON, Markdown, Mermaid and the PIA checklist
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { inventory } from 'courier-pii/lifecycle';
 * import { pii } from 'courier-pii/schema';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }));
 * const inv = inventory([Parcel], []);
 * console.log(inv.json.fields[0]?.encrypted); // true
 * ```
 */
export function inventory(
  schemas: readonly z.core.$ZodType[],
  policies: readonly Policy[],
  options: InventoryOptions = {},
): InventoryResult {
  checkOptions('inventory', options, INVENTORY_OPTIONS);
  const sealAtLeast = options.sealAtLeast ?? 'sensitive';
  const floor = levelRank(sealAtLeast);
  const json: InventoryJson = {
    format: 'courier-pii/inventory/v1',
    generatedAt: (options.now ?? new Date()).toISOString(),
    sealAtLeast,
    schemas: [],
    policies: [],
    fields: [],
    summary: {
      fields: 0,
      sensitive: 0,
      encrypted: 0,
      sensitiveInPlaintextAtRest: [],
      sensitiveShownInFull: [],
    },
  };
  const claimed = new Set<Policy>();
  schemas.forEach((s, i) => {
    const id = schemaId(s) ?? `schema-${i}`;
    const fields = classify(s);
    const paths = new Set(fields.map((f) => f.path));
    const mine = policies.filter((p) => p.paths.length > 0 && p.paths.every((x) => paths.has(x as string)));
    for (const p of mine) claimed.add(p);
    json.schemas.push({ id, hash: digest({ id, fields }), fields: fields.length });
    for (const f of fields) {
      const access: InventoryAccess[] = [];
      for (const p of mine)
        for (const role of rolesOf(p))
          for (const purpose of p.spec.purposes) {
            const a = accessFor(p, role, purpose, f.path);
            if (a.effect !== 'deny') access.push(a);
          }
      const item: InventoryField = {
        schema: id,
        path: f.path,
        level: f.level,
        kind: f.kind,
        encrypted: levelRank(f.level) >= floor,
        access,
      };
      if (f.subject !== undefined) item.subject = f.subject;
      if (f.retention !== undefined) item.retention = f.retention;
      json.fields.push(item);
    }
  });
  for (const p of policies) {
    const schema = json.schemas.find((s) =>
      p.paths.every((x) => json.fields.some((f) => f.schema === s.id && f.path === x)),
    )?.id;
    json.policies.push({
      id: p.id,
      version: p.version,
      policyHash: p.policyHash,
      purposes: [...p.spec.purposes],
      roles: rolesOf(p),
      ...(claimed.has(p) && schema ? { schema } : {}),
    });
  }
  const sens = json.fields.filter((f) => f.level === 'sensitive');
  json.summary = {
    fields: json.fields.length,
    sensitive: sens.length,
    encrypted: json.fields.filter((f) => f.encrypted).length,
    sensitiveInPlaintextAtRest: sens.filter((f) => !f.encrypted).map((f) => `${f.schema}:${f.path}`),
    sensitiveShownInFull: sens
      .filter((f) => f.access.some((a) => a.effect === 'allow'))
      .map((f) => `${f.schema}:${f.path}`),
  };

  const md: string[] = [
    '# Personal information inventory',
    '',
    `Generated ${json.generatedAt} from the schemas and policies in code (processing records: PIPL Art. 56; GDPR Art. 30). Fields at or above \`${sealAtLeast}\` are encrypted at rest. Not legal advice.`,
    '',
  ];
  for (const s of json.schemas) {
    md.push(
      `## ${s.id}`,
      '',
      `Schema hash \`${s.hash.slice(0, 16)}\`.`,
      '',
      '| field | level | kind | subject | retention | encrypted | who sees it (role / purpose: effect) |',
      '|---|---|---|---|---|---|---|',
    );
    for (const f of json.fields.filter((x) => x.schema === s.id)) {
      const who =
        f.access
          .map(
            (a) =>
              `${a.role} / ${a.purpose}: ${a.effect}${a.always !== a.effect ? ` (if ${a.conditional.join(', ')}; else ${a.always})` : ''}`,
          )
          .join('<br>') || 'nobody';
      md.push(
        `| ${esc(f.path)} | ${f.level} | ${f.kind} | ${f.subject ?? ''} | ${f.retention ?? ''} | ${f.encrypted ? 'yes' : 'no'} | ${esc(who)} |`,
      );
    }
    md.push('');
  }
  md.push('## Policies', '', '| policy | version | hash | purposes | roles |', '|---|---|---|---|---|');
  for (const p of json.policies)
    md.push(
      `| ${p.id} | ${p.version} | \`${p.policyHash.slice(0, 16)}\` | ${p.purposes.join(', ')} | ${p.roles.join(', ')} |`,
    );

  const mm: string[] = ['flowchart LR'];
  const roles = new Set<string>();
  for (const s of json.schemas) {
    mm.push(`  subgraph ${node(`s_${s.id}`)}["${s.id}"]`);
    for (const f of json.fields.filter((x) => x.schema === s.id))
      mm.push(
        `    ${node(`f_${s.id}_${f.path}`)}["${f.path} (${f.level}${f.encrypted ? ', encrypted' : ''})"]`,
      );
    mm.push('  end');
  }
  for (const f of json.fields) {
    const byRole = new Map<string, string[]>();
    for (const a of f.access) {
      roles.add(a.role);
      byRole.set(a.role, [...(byRole.get(a.role) ?? []), `${a.effect}: ${a.purpose}`]);
    }
    for (const [role, labels] of byRole)
      mm.push(
        `  ${node(`f_${f.schema}_${f.path}`)} -- "${[...new Set(labels)].join('; ')}" --> ${node(`r_${role}`)}`,
      );
  }
  for (const r of roles) mm.push(`  ${node(`r_${r}`)}(["${r}"])`);

  return { json, markdown: `${md.join('\n')}\n`, mermaid: `${mm.join('\n')}\n`, pia: piaChecklist(json) };
}
