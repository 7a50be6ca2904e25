// privacyReport: the periodic report a personal-information protection officer publishes
// (accesses, consent, erasures, destruction certificates, transfers, alerts and their closure),
// computed in one streaming pass over the audit log. Counts and ids only, never values.
import { type AuditEntry, type AuditSource, streamAudit } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { classify } from '../schema/index.js';
import { guessField } from './match.js';
import { reportHtml } from './report-html.js';
import { reportMarkdown } from './report-markdown.js';
import { checkOptions } from '../_internal/options.js';
import { REPORT_OPTIONS } from './option-names.js';

/** Options of {@link privacyReport}. */
export interface PrivacyReportOptions {
  /** Start of the period, inclusive. */
  from: Date | number | string;
  /** End of the period, exclusive. */
  to: Date | number | string;
  /** Report title (default "Personal information protection report"). */
  title?: string;
  /** Who publishes it, e.g. the company name. */
  organization?: string;
  /** Record schema, so accesses are counted by the level of the fields shown. */
  schema?: Parameters<typeof classify>[0];
  /** Roles of an actor whose audit entries carry no `data.roles`. */
  rolesOf?: (actorId: string) => readonly string[];
  /** Local offset from UTC in minutes for days and weeks (default 480). */
  utcOffsetMinutes?: number;
  /** Time the report is generated (default now). */
  now?: Date | number;
}

/** A count per key. */
export type Counts = Record<string, number>;

/** One closed alert. */
export interface ClosedAlert {
  alertId: string;
  rule: string;
  actor: string;
  raisedAt: string | undefined;
  closedAt: string;
  closedBy: string;
  resolution: string;
  ticket?: string;
}

/** The report as data (the `json` output parses to this). */
export interface PrivacyReportData {
  title: string;
  organization?: string;
  period: { from: string; to: string; utcOffsetMinutes: number };
  generatedAt: string;
  /** Audit entries in the period. */
  entries: number;
  accesses: {
    /** Access decisions. */
    decisions: number;
    granted: number;
    denied: number;
    byRole: Counts;
    byPurpose: Counts;
    /** Granted decisions by the highest level of the fields shown (`none`: only the record). */
    byLevel: Counts;
    /** Field decisions by effect. */
    fieldsByEffect: Counts;
    /** Per local day: decisions per role. */
    perDayByRole: Array<{ day: string; counts: Counts }>;
  };
  consent: { granted: number; attenuated: number; revoked: number; redeemed: number };
  erasures: { total: number; byMethod: Counts };
  destruction: {
    certificates: Array<{ certificateId: string; rule: string; count: number; time: string }>;
    recordsDestroyed: number;
  };
  exports: number;
  transfers: {
    total: number;
    allowed: number;
    blocked: number;
    byDestination: Record<string, { count: number; allowed: number; blocked: number; subjects: number }>;
  };
  breaches: number;
  alerts: {
    total: number;
    byRule: Counts;
    bySeverity: Counts;
    /** Per local week (Monday): alerts raised. */
    perWeek: Array<{ week: string; count: number }>;
    closed: ClosedAlert[];
    byResolution: Counts;
    /** Alerts raised in the period and not closed by its end. */
    open: number;
  };
}

/** The report in three forms. */
export interface PrivacyReport {
  /** For a repository or an e-mail. */
  markdown: string;
  /** {@link PrivacyReportData} as JSON. */
  json: string;
  /** A self-contained page with charts (no network access needed). */
  html: string;
  /** The data itself. */
  data: PrivacyReportData;
}

const DAY = 86_400_000;
const RANK: Record<string, number> = { none: -1, public: 0, internal: 1, sensitive: 2 };

function ms(name: string, v: Date | number | string): number {
  const n = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(n)) throw new PiiError('INVALID_ARGUMENT', `${name} is not a valid time.`);
  return n;
}

function inc(c: Counts, k: string, by = 1): void {
  c[k] = (c[k] ?? 0) + by;
}

function sorted(c: Counts): Counts {
  const out: Counts = {};
  for (const k of Object.keys(c).sort()) out[k] = c[k] as number;
  return out;
}

function dayOf(t: number, offset: number): string {
  return new Date(Math.floor((t + offset) / DAY) * DAY).toISOString().slice(0, 10);
}

function weekOf(t: number, offset: number): string {
  const day = Math.floor((t + offset) / DAY);
  const monday = day - ((((day + 3) % 7) + 7) % 7); // 1970-01-01 was a Thursday
  return new Date(monday * DAY).toISOString().slice(0, 10);
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

/**
 * Builds the privacy report for a period from an audit log, in one streaming pass.
 *
 * @param audit - an audit log, sink, or (async) iterable of entries
 * @param options - period, title, schema for levels, roles, local offset
 * @returns markdown, JSON, a self-contained HTML page with charts, and the data
 * @throws PiiError INVALID_ARGUMENT for an invalid period or source
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { privacyReport } from 'courier-pii/monitor';
 * const log = createAuditLog({ sink: memorySink(), clock: () => Date.UTC(2026, 2, 3) });
 * await log.append({ kind: 'access.decision', actor: 'cs-1', purpose: 'support', data: { record: true, roles: ['cs'], fields: { 'recipient.phone': 'mask' } } });
 * const report = await privacyReport(log, { from: '2026-03-01', to: '2026-04-01' });
 * console.log(report.data.accesses.byRole); // { cs: 1 }
 * ```
 */
export async function privacyReport(
  audit: AuditSource,
  options: PrivacyReportOptions,
): Promise<PrivacyReport> {
  if (typeof options !== 'object' || options === null)
    throw new PiiError('INVALID_ARGUMENT', 'privacyReport needs { from, to }.');
  checkOptions('privacyReport', options, REPORT_OPTIONS);
  const from = ms('options.from', options.from);
  const to = ms('options.to', options.to);
  if (!(from < to)) throw new PiiError('INVALID_ARGUMENT', 'options.from must be before options.to.');
  const offsetMin = options.utcOffsetMinutes ?? 480;
  const offset = offsetMin * 60_000;
  const levels = new Map<string, string>();
  if (options.schema) for (const f of classify(options.schema)) levels.set(f.path, f.level);
  const levelOf = (p: string): string => levels.get(p) ?? guessField(p).level;

  const d: PrivacyReportData = {
    title: options.title ?? 'Personal information protection report',
    period: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      utcOffsetMinutes: offsetMin,
    },
    generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    entries: 0,
    accesses: {
      decisions: 0,
      granted: 0,
      denied: 0,
      byRole: {},
      byPurpose: {},
      byLevel: {},
      fieldsByEffect: {},
      perDayByRole: [],
    },
    consent: { granted: 0, attenuated: 0, revoked: 0, redeemed: 0 },
    erasures: { total: 0, byMethod: {} },
    destruction: { certificates: [], recordsDestroyed: 0 },
    exports: 0,
    transfers: { total: 0, allowed: 0, blocked: 0, byDestination: {} },
    breaches: 0,
    alerts: { total: 0, byRule: {}, bySeverity: {}, perWeek: [], closed: [], byResolution: {}, open: 0 },
  };
  if (options.organization) d.organization = options.organization;
  const perDay = new Map<string, Counts>();
  const perWeek = new Map<string, number>();
  const raised = new Map<string, { rule: string; time: string }>();
  const closedIds = new Set<string>();

  const access = (e: AuditEntry, t: number): void => {
    const data = (e.data ?? {}) as Record<string, unknown>;
    const acc = d.accesses;
    acc.decisions++;
    const roles = Array.isArray(data.roles)
      ? data.roles.filter((r): r is string => typeof r === 'string')
      : [...(options.rolesOf?.(e.actor) ?? [])];
    const role = roles.length > 0 ? roles.join('+') : 'unattributed';
    inc(acc.byRole, role);
    inc(acc.byPurpose, e.purpose);
    const day = dayOf(t, offset);
    let c = perDay.get(day);
    if (!c) {
      c = {};
      perDay.set(day, c);
    }
    inc(c, role);
    const fields = (typeof data.fields === 'object' && data.fields !== null ? data.fields : {}) as Record<
      string,
      unknown
    >;
    let top = 'none';
    let shown = false;
    for (const [path, v] of Object.entries(fields)) {
      const effect = typeof v === 'string' ? v : str((v as { effect?: unknown })?.effect, 'unknown');
      inc(acc.fieldsByEffect, effect);
      if (effect === 'allow' || effect === 'mask') {
        shown = true;
        const l = levelOf(path);
        if ((RANK[l] ?? -1) > (RANK[top] ?? -1)) top = l;
      }
    }
    const granted = data.record !== false && (shown || Object.keys(fields).length === 0);
    if (granted) {
      acc.granted++;
      inc(acc.byLevel, top);
    } else acc.denied++;
  };

  for await (const e of streamAudit(audit, { from, to })) {
    d.entries++;
    const t = Date.parse(e.time);
    const data = (e.data ?? {}) as Record<string, unknown>;
    switch (e.kind) {
      case 'access.decision':
        access(e, t);
        break;
      case 'consent.granted':
        d.consent.granted++;
        break;
      case 'consent.attenuated':
        d.consent.attenuated++;
        break;
      case 'consent.revoked':
        d.consent.revoked++;
        break;
      case 'consent.redeemed':
        d.consent.redeemed++;
        break;
      case 'subject.erased':
        d.erasures.total++;
        inc(d.erasures.byMethod, str(data.method, 'unspecified'));
        break;
      case 'key.destroyed':
        // The erasure ledger: the vault records each erasure on request itself.
        if (data.ledger === 1 && data.reason === 'erasure-request') {
          d.erasures.total++;
          inc(d.erasures.byMethod, 'crypto-shred');
        }
        break;
      case 'retention.destroyed': {
        const count = typeof data.count === 'number' ? data.count : 0;
        d.destruction.recordsDestroyed += count;
        if (typeof data.certificateId === 'string')
          d.destruction.certificates.push({
            certificateId: data.certificateId,
            rule: str(data.rule),
            count,
            time: e.time,
          });
        break;
      }
      case 'subject.exported':
        d.exports++;
        break;
      case 'transfer.recorded': {
        const dest = str(data.destination, 'unspecified');
        const ok = data.allowed === true;
        const row = d.transfers.byDestination[dest] ?? { count: 0, allowed: 0, blocked: 0, subjects: 0 };
        row.count++;
        if (ok) row.allowed++;
        else row.blocked++;
        row.subjects += typeof data.subjectCount === 'number' ? data.subjectCount : (e.subjects?.length ?? 0);
        d.transfers.byDestination[dest] = row;
        d.transfers.total++;
        if (ok) d.transfers.allowed++;
        else d.transfers.blocked++;
        break;
      }
      case 'breach.reported':
        d.breaches++;
        break;
      case 'alert': {
        d.alerts.total++;
        inc(d.alerts.byRule, str(data.rule, 'unspecified'));
        inc(d.alerts.bySeverity, str(data.severity, 'unspecified'));
        const w = weekOf(t, offset);
        perWeek.set(w, (perWeek.get(w) ?? 0) + 1);
        if (typeof data.alertId === 'string')
          raised.set(data.alertId, { rule: str(data.rule), time: e.time });
        break;
      }
      case 'custom':
        if (e.name === 'monitor.alert.closed') {
          const ids = Array.isArray(data.alertIds)
            ? data.alertIds.filter((x): x is string => typeof x === 'string')
            : [];
          for (const id of ids) {
            closedIds.add(id);
            const r = raised.get(id);
            const c: ClosedAlert = {
              alertId: id,
              rule: r?.rule ?? str((data.rules as string[] | undefined)?.[0]),
              actor: e.actor,
              raisedAt: r?.time,
              closedAt: e.time,
              closedBy: str(data.closedBy),
              resolution: str(data.resolution, 'unspecified'),
            };
            if (typeof data.ticket === 'string') c.ticket = data.ticket;
            d.alerts.closed.push(c);
            inc(d.alerts.byResolution, c.resolution);
          }
        }
        break;
      default:
        break;
    }
  }

  // Every day and week of the period appears, also those with nothing, so charts keep their scale.
  const days: string[] = [];
  for (let t = from; t < to; t += DAY) days.push(dayOf(t, offset));
  const lastDay = dayOf(to - 1, offset);
  if (days[days.length - 1] !== lastDay) days.push(lastDay);
  const roles = Object.keys(d.accesses.byRole).sort();
  d.accesses.perDayByRole = [...new Set(days)].map((day) => {
    const c = perDay.get(day) ?? {};
    const counts: Counts = {};
    for (const r of roles) counts[r] = c[r] ?? 0;
    return { day, counts };
  });
  const weeks = new Set<string>();
  for (let t = from; t < to; t += DAY) weeks.add(weekOf(t, offset));
  weeks.add(weekOf(to - 1, offset));
  d.alerts.perWeek = [...weeks].sort().map((week) => ({ week, count: perWeek.get(week) ?? 0 }));
  d.alerts.open = [...raised.keys()].filter((id) => !closedIds.has(id)).length;
  d.accesses.byRole = sorted(d.accesses.byRole);
  d.accesses.byPurpose = sorted(d.accesses.byPurpose);
  d.accesses.byLevel = sorted(d.accesses.byLevel);
  d.accesses.fieldsByEffect = sorted(d.accesses.fieldsByEffect);
  d.erasures.byMethod = sorted(d.erasures.byMethod);
  d.alerts.byRule = sorted(d.alerts.byRule);
  d.alerts.bySeverity = sorted(d.alerts.bySeverity);
  d.alerts.byResolution = sorted(d.alerts.byResolution);

  return { markdown: reportMarkdown(d), json: JSON.stringify(d, null, 2), html: reportHtml(d), data: d };
}
