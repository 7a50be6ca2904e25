// The Markdown form of the privacy report.
import type { Counts, PrivacyReportData } from './report.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  if (rows.length === 0) return '_None in this period._\n';
  const line = (r: Array<string | number>) => `| ${r.map((x) => cell(String(x))).join(' | ')} |`;
  return `${[line(head), `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map(line)].join('\n')}\n`;
}

function counts(title: string, c: Counts): string {
  return table([title, 'count'], Object.entries(c));
}

/** Renders the report data as Markdown. */
export function reportMarkdown(d: PrivacyReportData): string {
  const a = d.accesses;
  const out: string[] = [];
  out.push(`# ${cell(d.title)}`, '');
  if (d.organization) out.push(`Published by ${cell(d.organization)}.`, '');
  out.push(
    `Period: ${d.period.from} to ${d.period.to} (days in UTC${d.period.utcOffsetMinutes >= 0 ? '+' : '-'}${Math.abs(d.period.utcOffsetMinutes / 60)}). Generated ${d.generatedAt} from ${d.entries} audit entries.`,
    '',
    '## Summary',
    '',
    table(
      ['item', 'count'],
      [
        ['access decisions', a.decisions],
        ['granted', a.granted],
        ['denied', a.denied],
        ['consents granted', d.consent.granted],
        ['consents revoked', d.consent.revoked],
        ['erasures', d.erasures.total],
        ['destruction certificates', d.destruction.certificates.length],
        ['data-subject exports', d.exports],
        ['cross-border transfers recorded', d.transfers.total],
        ['breaches reported', d.breaches],
        ['alerts raised', d.alerts.total],
        ['alerts still open', d.alerts.open],
      ],
    ),
    '## Accesses',
    '',
    '### By role',
    '',
    counts('role', a.byRole),
    '### By purpose',
    '',
    counts('purpose', a.byPurpose),
    '### By level of the fields shown (granted decisions)',
    '',
    counts('level', a.byLevel),
    '### Field decisions by effect',
    '',
    counts('effect', a.fieldsByEffect),
    '## Consent',
    '',
    table(
      ['step', 'count'],
      [
        ['granted', d.consent.granted],
        ['attenuated', d.consent.attenuated],
        ['revoked', d.consent.revoked],
        ['redeemed', d.consent.redeemed],
      ],
    ),
    '## Erasures and destruction',
    '',
    counts('erasure method', d.erasures.byMethod),
    `Records destroyed under retention rules: ${d.destruction.recordsDestroyed}.`,
    '',
    table(
      ['certificate', 'rule', 'records', 'time'],
      d.destruction.certificates.map((c) => [c.certificateId, c.rule, c.count, c.time]),
    ),
    '## Cross-border transfers',
    '',
    table(
      ['destination', 'transfers', 'allowed', 'blocked', 'subjects'],
      Object.entries(d.transfers.byDestination).map(([k, v]) => [
        k,
        v.count,
        v.allowed,
        v.blocked,
        v.subjects,
      ]),
    ),
    '## Alerts',
    '',
    '### By rule',
    '',
    counts('rule', d.alerts.byRule),
    '### By week',
    '',
    table(
      ['week starting', 'alerts'],
      d.alerts.perWeek.map((w) => [w.week, w.count]),
    ),
    '### How alerts were closed',
    '',
    table(
      ['alert', 'rule', 'actor', 'raised', 'closed', 'by', 'resolution', 'ticket'],
      d.alerts.closed.map((c) => [
        c.alertId,
        c.rule,
        c.actor,
        c.raisedAt ?? '',
        c.closedAt,
        c.closedBy,
        c.resolution,
        c.ticket ?? '',
      ]),
    ),
  );
  return out.join('\n');
}
