// The privacy center's HTML: Chinese first, English on request; every value escaped; every form
// control labelled; every form carries the session's CSRF token. No script.
import type { PurposeConsentState } from 'courier-pii/consent';
import type { RightsRequest } from 'courier-pii/rights';

export type Lang = 'zh' | 'en';

/** Escapes text for HTML content and quoted attribute values. */
export function esc(v: unknown): string {
  return String(v).replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

const T = {
  zh: {
    title: '隐私中心',
    skip: '跳到主要内容',
    switchLang: 'English',
    signIn: '登录',
    account: '客户编号',
    sendCode: '获取一次性验证码',
    codeSent: '演示：验证码已打印在服务器控制台。',
    code: '一次性验证码',
    verify: '登录',
    signOut: '退出',
    parcels: '我的包裹',
    waybill: '运单号',
    status: '状态',
    field: '字段',
    value: '内容',
    masked: '（部分隐藏）',
    denied: '（不显示）',
    download: '下载我的数据',
    downloadHelp: '下载您的全部个人信息副本（JSON 格式，可导入其他服务）。',
    grants: '我的授权',
    noGrants: '没有生效中的授权。',
    revoke: '撤销此授权',
    revokeAll: '撤销全部授权',
    consents: '我的同意',
    purpose: '用途',
    live: '已同意',
    withdrawn: '已撤回',
    withdraw: '撤回同意',
    file: '提交申请或投诉',
    kind: '类型',
    target: '对象（撤回同意时填用途，更正时填字段路径）',
    submit: '提交',
    requests: '我的申请',
    noRequests: '暂无申请。',
    id: '编号',
    state: '状态',
    due: '答复期限',
    received: '提交时间',
    overdue: '已逾期',
    refusal: '拒绝理由',
    staff: '待处理申请（工作人员）',
    openRequests: '未结申请',
    overdueRequests: '逾期申请',
    erasureWork: '撤回同意后待删除的工作项',
    done: '已完成。',
    failed: '操作未完成：',
    badCode: '验证码不正确或已过期，请重新获取。',
    forbidden: '请求无法验证，请刷新页面后重试。',
    notFound: '页面不存在。',
    lang: 'zh-CN',
  },
  en: {
    title: 'Privacy center',
    skip: 'Skip to main content',
    switchLang: '中文',
    signIn: 'Sign in',
    account: 'Customer number',
    sendCode: 'Send me a one-time code',
    codeSent: 'Demo: the code is printed on the server console.',
    code: 'One-time code',
    verify: 'Sign in',
    signOut: 'Sign out',
    parcels: 'My parcels',
    waybill: 'Waybill',
    status: 'Status',
    field: 'Field',
    value: 'Value',
    masked: '(partly hidden)',
    denied: '(not shown)',
    download: 'Download my data',
    downloadHelp: 'A copy of all your personal data (JSON, importable by another service).',
    grants: 'My grants',
    noGrants: 'No live grants.',
    revoke: 'Revoke this grant',
    revokeAll: 'Revoke all grants',
    consents: 'My consents',
    purpose: 'Purpose',
    live: 'given',
    withdrawn: 'withdrawn',
    withdraw: 'Withdraw consent',
    file: 'File a request or complaint',
    kind: 'Kind',
    target: 'Target (the purpose for a withdrawal, the field path for a correction)',
    submit: 'Submit',
    requests: 'My requests',
    noRequests: 'No requests yet.',
    id: 'Id',
    state: 'State',
    due: 'Answer due',
    received: 'Received',
    overdue: 'overdue',
    refusal: 'Reason for refusal',
    staff: 'Open requests (staff)',
    openRequests: 'Open requests',
    overdueRequests: 'Overdue requests',
    erasureWork: 'Erasure work queued by consent withdrawals',
    done: 'Done.',
    failed: 'Not done: ',
    badCode: 'The code is wrong or has expired; ask for a new one.',
    forbidden: 'The request could not be verified; reload the page and try again.',
    notFound: 'No such page.',
    lang: 'en',
  },
} as const;

export type Strings = (typeof T)['zh'];
export const strings = (lang: Lang): Strings => T[lang] as Strings;

const KIND_LABELS: Record<string, [string, string]> = {
  access: ['查阅我的个人信息', 'Access my data'],
  copy: ['复制我的个人信息', 'A copy of my data'],
  portability: ['转移到其他服务', 'Move my data to another service'],
  correction: ['更正', 'Correction'],
  deletion: ['删除', 'Deletion'],
  'consent-withdrawal': ['撤回同意', 'Consent withdrawal'],
  explanation: ['解释处理规则', 'Explain the processing rules'],
  complaint: ['投诉', 'Complaint'],
};
const STATE_LABELS: Record<string, [string, string]> = {
  received: ['已受理', 'received'],
  'identity-verified': ['已核实身份', 'identity verified'],
  'in-progress': ['处理中', 'in progress'],
  answered: ['已答复', 'answered'],
  refused: ['已拒绝', 'refused'],
};
const PURPOSE_LABELS: Record<string, [string, string]> = {
  marketing: ['营销推广', 'marketing'],
  analytics: ['数据分析', 'analytics'],
};
const STATUS_LABELS: Record<string, [string, string]> = {
  created: ['已下单', 'created'],
  picked_up: ['已揽收', 'picked up'],
  in_transit: ['运输中', 'in transit'],
  out_for_delivery: ['派送中', 'out for delivery'],
  delivered: ['已签收', 'delivered'],
  returned: ['已退回', 'returned'],
};
export const FIELD_LABELS: Record<string, [string, string]> = {
  'sender.name': ['寄件人姓名', "Sender's name"],
  'sender.phone': ['寄件人电话', "Sender's phone"],
  'sender.address': ['寄件地址', "Sender's address"],
  'sender.idNumber': ['寄件人身份证号', "Sender's ID number"],
  'recipient.name': ['收件人姓名', "Recipient's name"],
  'recipient.phone': ['收件人电话', "Recipient's phone"],
  'recipient.address': ['收件地址', 'Delivery address'],
  pickupCode: ['取件码', 'Pickup code'],
};
const label = (table: Record<string, [string, string]>, key: string, lang: Lang) =>
  table[key]?.[lang === 'zh' ? 0 : 1] ?? key;
export const kindLabel = (k: string, lang: Lang) => label(KIND_LABELS, k, lang);

/** A time for people, in Shanghai time. */
export function when(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(ms));
}

/** The page frame: language, title, skip link, language switch, notice. */
export function layout(
  lang: Lang,
  title: string,
  body: string,
  o: { path: string; notice?: string; error?: string; signedIn?: { csrf: string } },
): string {
  const s = strings(lang);
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const signOut = o.signedIn
    ? `<form method="post" action="/signout"><input type="hidden" name="csrf" value="${esc(o.signedIn.csrf)}"><button type="submit">${esc(s.signOut)}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${esc(s.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title === s.title ? esc(title) : `${esc(title)} · ${esc(s.title)}`}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}
header{display:flex;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left}
.hidden-note{color:#555}.notice{background:#e8f4e8;padding:.5rem}.error{background:#fbe9e9;padding:.5rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}button{padding:.3rem .8rem}label{display:block;margin-top:.5rem}
section{margin:1.5rem 0}
</style></head>
<body>
<a class="skip" href="#main">${esc(s.skip)}</a>
<header><p><strong>${esc(s.title)}</strong></p>
<nav aria-label="${lang === 'zh' ? '语言' : 'Language'}"><a href="${esc(o.path)}?lang=${other}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}" lang="${other === 'zh' ? 'zh-CN' : 'en'}">${esc(s.switchLang)}</a></nav>
${signOut}</header>
<main id="main">
<h1>${esc(title)}</h1>
${o.notice ? `<p class="notice" role="status">${esc(o.notice)}</p>` : ''}
${o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : ''}
${body}
</main>
</body></html>`;
}

function csrfField(csrf: string): string {
  return `<input type="hidden" name="csrf" value="${esc(csrf)}">`;
}

export function signInPage(lang: Lang, csrf: string, account?: string): string {
  const s = strings(lang);
  if (account === undefined)
    return `<form method="post" action="/signin">${csrfField(csrf)}
<label for="account">${esc(s.account)}</label>
<input id="account" name="account" autocomplete="username" required pattern="[A-Za-z0-9_.\\-]{1,64}">
<button type="submit">${esc(s.sendCode)}</button></form>`;
  return `<p>${esc(s.codeSent)}</p>
<form method="post" action="/signin/code">${csrfField(csrf)}
<input type="hidden" name="account" value="${esc(account)}">
<label for="code">${esc(s.code)}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}">
<button type="submit">${esc(s.verify)}</button></form>`;
}

/** One parcel as the customer may see it: a field's value only when the view holds it. */
export interface ParcelCard {
  id: string;
  waybillNo?: string;
  status?: string;
  fields: Array<{ path: string; effect: 'allow' | 'mask' | 'deny'; value?: string }>;
}

export interface GrantLine {
  tokenId: string;
  sentence: string;
}

function requestRows(rows: readonly RightsRequest[], lang: Lang, now: number, staff: boolean): string {
  const s = strings(lang);
  return `<table><thead><tr><th scope="col">${esc(s.id)}</th><th scope="col">${esc(s.kind)}</th>${staff ? '' : ''}<th scope="col">${esc(s.state)}</th><th scope="col">${esc(s.received)}</th><th scope="col">${esc(s.due)}</th></tr></thead><tbody>
${rows
  .map((r) => {
    const late = r.state !== 'answered' && r.state !== 'refused' && now > r.dueAt;
    const refusal = r.refusal ? `<br>${esc(s.refusal)}: ${esc(r.refusal.explanation)}` : '';
    return `<tr data-request-id="${esc(r.id)}"><td><code>${esc(r.id)}</code></td><td>${esc(kindLabel(r.kind, lang))}${r.target ? ` (${esc(r.target)})` : ''}</td><td>${esc(label(STATE_LABELS, r.state, lang))}${refusal}</td><td>${esc(when(r.receivedAt, lang))}</td><td>${esc(when(r.dueAt, lang))}${late ? ` <strong class="overdue">${esc(s.overdue)}</strong>` : ''}</td></tr>`;
  })
  .join('\n')}
</tbody></table>`;
}

export function homePage(
  lang: Lang,
  csrf: string,
  d: {
    parcels: ParcelCard[];
    grants: GrantLine[];
    consents: PurposeConsentState[];
    requests: RightsRequest[];
    kinds: readonly string[];
    now: number;
  },
): string {
  const s = strings(lang);
  const parcels = d.parcels
    .map(
      (
        p,
      ) => `<article aria-labelledby="parcel-${esc(p.id)}"><h3 id="parcel-${esc(p.id)}">${esc(s.waybill)} ${esc(p.waybillNo ?? '')} · ${esc(label(STATUS_LABELS, p.status ?? '', lang))}</h3>
<table><thead><tr><th scope="col">${esc(s.field)}</th><th scope="col">${esc(s.value)}</th></tr></thead><tbody>
${p.fields
  .map(
    (f) =>
      `<tr data-path="${esc(f.path)}" data-effect="${f.effect}"><th scope="row">${esc(label(FIELD_LABELS, f.path, lang))}</th><td>${f.value !== undefined ? esc(f.value) : ''}${f.effect === 'mask' ? ` <span class="hidden-note">${esc(s.masked)}</span>` : ''}${f.effect === 'deny' ? `<span class="hidden-note">${esc(s.denied)}</span>` : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table></article>`,
    )
    .join('\n');
  const grants =
    d.grants.length === 0
      ? `<p>${esc(s.noGrants)}</p>`
      : `<ul>${d.grants
          .map(
            (g) => `<li data-token-id="${esc(g.tokenId)}">${esc(g.sentence)}
<form method="post" action="/grants/revoke">${csrfField(csrf)}<input type="hidden" name="tokenId" value="${esc(g.tokenId)}"><button type="submit" aria-label="${esc(`${s.revoke}: ${g.sentence}`)}">${esc(s.revoke)}</button></form></li>`,
          )
          .join('\n')}</ul>
<form method="post" action="/grants/revoke-all">${csrfField(csrf)}<button type="submit">${esc(s.revokeAll)}</button></form>`;
  const consents = `<table><thead><tr><th scope="col">${esc(s.purpose)}</th><th scope="col">${esc(s.state)}</th><th scope="col"><span class="skip">${esc(s.withdraw)}</span></th></tr></thead><tbody>
${d.consents
  .map((c) => {
    const name = label(PURPOSE_LABELS, c.purpose, lang);
    const action = c.live
      ? `<form method="post" action="/consents/withdraw">${csrfField(csrf)}<input type="hidden" name="purpose" value="${esc(c.purpose)}"><button type="submit" aria-label="${esc(`${s.withdraw}: ${name}`)}">${esc(s.withdraw)}</button></form>`
      : '';
    return `<tr data-purpose="${esc(c.purpose)}"><td>${esc(name)}</td><td>${esc(c.live ? s.live : s.withdrawn)}</td><td>${action}</td></tr>`;
  })
  .join('\n')}
</tbody></table>`;
  const fileForm = `<form method="post" action="/requests">${csrfField(csrf)}
<label for="kind">${esc(s.kind)}</label>
<select id="kind" name="kind">${d.kinds.map((k) => `<option value="${esc(k)}">${esc(kindLabel(k, lang))}</option>`).join('')}</select>
<label for="target">${esc(s.target)}</label>
<input id="target" name="target" pattern="[A-Za-z0-9_.:\\-\\[\\]]{0,200}">
<button type="submit">${esc(s.submit)}</button></form>`;
  return `<section aria-labelledby="h-parcels"><h2 id="h-parcels">${esc(s.parcels)}</h2>${parcels}</section>
<section aria-labelledby="h-download"><h2 id="h-download">${esc(s.download)}</h2><p>${esc(s.downloadHelp)}</p><p><a href="/export" download="my-data.json">${esc(s.download)}</a></p></section>
<section aria-labelledby="h-grants"><h2 id="h-grants">${esc(s.grants)}</h2>${grants}</section>
<section aria-labelledby="h-consents"><h2 id="h-consents">${esc(s.consents)}</h2>${consents}</section>
<section aria-labelledby="h-file"><h2 id="h-file">${esc(s.file)}</h2>${fileForm}</section>
<section aria-labelledby="h-requests"><h2 id="h-requests">${esc(s.requests)}</h2>${d.requests.length === 0 ? `<p>${esc(s.noRequests)}</p>` : requestRows(d.requests, lang, d.now, false)}</section>`;
}

export function staffPage(
  lang: Lang,
  d: { open: RightsRequest[]; overdue: RightsRequest[]; erasureWork: number; now: number },
): string {
  const s = strings(lang);
  return `<section aria-labelledby="h-overdue"><h2 id="h-overdue">${esc(s.overdueRequests)} (${d.overdue.length})</h2><div id="overdue">${requestRows(d.overdue, lang, d.now, true)}</div></section>
<section aria-labelledby="h-open"><h2 id="h-open">${esc(s.openRequests)} (${d.open.length})</h2><div id="open">${requestRows(d.open, lang, d.now, true)}</div></section>
<section aria-labelledby="h-erasure"><h2 id="h-erasure">${esc(s.erasureWork)}</h2><p id="erasure-count">${d.erasureWork}</p></section>`;
}
