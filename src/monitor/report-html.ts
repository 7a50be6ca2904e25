// The HTML form of the privacy report: one self-contained file, no network access. The data is
// embedded as JSON and a ~90-line inline script draws two SVG charts with DOM calls (no
// innerHTML, so no string from the log is ever parsed as markup). Why not a charting library:
// docs/monitoring.md, "The HTML report".
import type { Counts, PrivacyReportData } from './report.js';

function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  if (rows.length === 0) return '<p class="none">None in this period.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function counts(title: string, c: Counts): string {
  return table([title, 'count'], Object.entries(c));
}

// Runs in the browser. Reads #report-data, draws into #chart-accesses and #chart-alerts, then
// marks <body data-charts-rendered="2"> so tests (and people) can tell the charts were drawn.
const SCRIPT = String.raw`(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#2563eb', '#16a34a', '#ea580c', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#4b5563'];
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function niceMax(v) {
    if (v <= 5) return 5;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }
  // series: [{ label, values[] }], labels: x labels; stacked bars.
  function barChart(host, name, title, labels, series) {
    var W = 1100, H = 320, L = 56, R = 16, T = 36, B = 56;
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': title, 'data-chart': name });
    svg.appendChild(el('text', { x: L, y: 22, 'class': 'title' }, title));
    var totals = labels.map(function (_, i) { return series.reduce(function (s, x) { return s + x.values[i]; }, 0); });
    var max = niceMax(Math.max.apply(null, totals.concat([1])));
    var pw = W - L - R, ph = H - T - B, bw = pw / Math.max(1, labels.length);
    for (var g = 0; g <= 5; g++) {
      var gy = T + ph - (ph * g) / 5;
      svg.appendChild(el('line', { x1: L, x2: W - R, y1: gy, y2: gy, 'class': 'grid' }));
      svg.appendChild(el('text', { x: L - 6, y: gy + 4, 'text-anchor': 'end', 'class': 'tick' }, Math.round((max * g) / 5)));
    }
    var every = Math.max(1, Math.ceil(labels.length / 16));
    labels.forEach(function (lab, i) {
      var y = T + ph;
      series.forEach(function (s, si) {
        var v = s.values[i];
        if (!v) return;
        var h = (ph * v) / max;
        y -= h;
        var r = el('rect', { x: L + i * bw + bw * 0.12, y: y, width: bw * 0.76, height: h, fill: COLORS[si % COLORS.length], 'class': 'bar', 'data-value': v, 'data-series': s.label, 'data-label': lab });
        r.appendChild(el('title', {}, lab + ' · ' + s.label + ': ' + v));
        svg.appendChild(r);
      });
      if (i % every === 0) svg.appendChild(el('text', { x: L + i * bw + bw / 2, y: T + ph + 18, 'text-anchor': 'middle', 'class': 'tick' }, lab.slice(5)));
    });
    var lx = L;
    series.forEach(function (s, si) {
      svg.appendChild(el('rect', { x: lx, y: H - 20, width: 12, height: 12, fill: COLORS[si % COLORS.length], 'class': 'legend' }));
      svg.appendChild(el('text', { x: lx + 16, y: H - 10, 'class': 'tick' }, s.label));
      lx += 24 + 8 * s.label.length;
    });
    host.appendChild(svg);
  }
  var days = data.accesses.perDayByRole;
  var roles = Object.keys(data.accesses.byRole);
  barChart(document.getElementById('chart-accesses'), 'accesses-per-day', 'Access decisions per day, by role',
    days.map(function (d) { return d.day; }),
    roles.map(function (r) { return { label: r, values: days.map(function (d) { return d.counts[r] || 0; }) }; }));
  var weeks = data.alerts.perWeek;
  barChart(document.getElementById('chart-alerts'), 'alerts-per-week', 'Alerts per week (week starting)',
    weeks.map(function (w) { return w.week; }),
    [{ label: 'alerts', values: weeks.map(function (w) { return w.count; }) }]);
  document.body.setAttribute('data-charts-rendered', String(document.querySelectorAll('svg[data-chart]').length));
})();`;

const STYLE = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1160px;color:#111827;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}
.meta{color:#4b5563}.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.6rem;margin:1rem 0}
.kpi{border:1px solid #e5e7eb;border-radius:8px;padding:.6rem .8rem}.kpi b{display:block;font-size:1.4rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:320px}th,td{border-bottom:1px solid #e5e7eb;padding:.3rem .7rem;text-align:left}
td:not(:first-child){font-variant-numeric:tabular-nums}.none{color:#6b7280;font-style:italic}
.chart{border:1px solid #e5e7eb;border-radius:8px;padding:.5rem;margin:1rem 0}
svg .title{font-weight:600;font-size:15px}svg .tick{font-size:11px;fill:#4b5563}svg .grid{stroke:#e5e7eb}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem}`;

/** Renders the report data as a self-contained HTML page with charts. */
export function reportHtml(d: PrivacyReportData): string {
  const a = d.accesses;
  // JSON inside <script>: escape "<" so no value can close the element.
  const json = JSON.stringify(d)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const kpi = (label: string, v: number) => `<div class="kpi"><b>${esc(v)}</b>${esc(label)}</div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(d.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(d.title)}</h1>
<p class="meta">${d.organization ? `${esc(d.organization)} · ` : ''}${esc(d.period.from)} – ${esc(d.period.to)} · generated ${esc(d.generatedAt)} from ${esc(d.entries)} audit entries</p>
<div class="kpis">${[
    kpi('access decisions', a.decisions),
    kpi('denied', a.denied),
    kpi('consents granted', d.consent.granted),
    kpi('consents revoked', d.consent.revoked),
    kpi('erasures', d.erasures.total),
    kpi('destruction certificates', d.destruction.certificates.length),
    kpi('cross-border transfers', d.transfers.total),
    kpi('alerts raised', d.alerts.total),
    kpi('alerts open', d.alerts.open),
  ].join('')}</div>
<noscript><p>Charts need JavaScript; every figure is also in the tables below.</p></noscript>
<h2>Accesses</h2>
<div class="chart" id="chart-accesses"></div>
<div class="cols"><div><h3>By role</h3>${counts('role', a.byRole)}</div><div><h3>By purpose</h3>${counts('purpose', a.byPurpose)}</div>
<div><h3>By level shown</h3>${counts('level', a.byLevel)}</div><div><h3>Field decisions by effect</h3>${counts('effect', a.fieldsByEffect)}</div></div>
<h2>Consent</h2>
${table(
  ['step', 'count'],
  [
    ['granted', d.consent.granted],
    ['attenuated', d.consent.attenuated],
    ['revoked', d.consent.revoked],
    ['redeemed', d.consent.redeemed],
  ],
)}
<h2>Erasures and destruction</h2>
${counts('erasure method', d.erasures.byMethod)}
<p>Records destroyed under retention rules: ${esc(d.destruction.recordsDestroyed)}.</p>
${table(
  ['certificate', 'rule', 'records', 'time'],
  d.destruction.certificates.map((c) => [c.certificateId, c.rule, c.count, c.time]),
)}
<h2>Cross-border transfers</h2>
${table(
  ['destination', 'transfers', 'allowed', 'blocked', 'subjects'],
  Object.entries(d.transfers.byDestination).map(([k, v]) => [k, v.count, v.allowed, v.blocked, v.subjects]),
)}
<h2>Alerts</h2>
<div class="chart" id="chart-alerts"></div>
<div class="cols"><div><h3>By rule</h3>${counts('rule', d.alerts.byRule)}</div><div><h3>By severity</h3>${counts('severity', d.alerts.bySeverity)}</div>
<div><h3>Closed by resolution</h3>${counts('resolution', d.alerts.byResolution)}</div></div>
<h3>How alerts were closed</h3>
${table(
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
)}
<script type="application/json" id="report-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
