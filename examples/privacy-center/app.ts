// The privacy center's HTTP layer on node:http: sign-in with a demo one-time code, the
// customer's page (parcels as the policy shows them, data download, grants, consents,
// requests), the staff page (open and overdue requests). Cookies are HttpOnly and SameSite=Strict,
// every form carries a CSRF token, and the log holds method, path, status and time only.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeGrant, listGrants, revokeGrant } from 'courier-pii/consent';
import { exportSubject } from 'courier-pii/lifecycle';
import { RIGHTS_REQUEST_KINDS } from 'courier-pii/rights';
import { isPiiError } from 'courier-pii';
import { Parcel } from '../06-courier-views.js';
import { type Backend, type BackendOptions, CONSENT_PURPOSES, openBackend } from './backend.js';
import {
  FIELD_LABELS,
  homePage,
  type Lang,
  layout,
  type ParcelCard,
  signInPage,
  staffPage,
  strings,
} from './pages.js';

/** Demo accounts: two customers and one member of staff. */
const ACCOUNTS: Readonly<Record<string, 'customer' | 'staff'>> = {
  'cust-r1': 'customer',
  'cust-s1': 'customer',
  'staff-1': 'staff',
};
const CODE_TTL = 5 * 60_000;
const SESSION_TTL = 30 * 60_000;
const GRANTEE_LABELS: Record<string, { zh: string; en: string }> = {
  pickup: { zh: '邻居', en: 'Neighbour' },
  locker: { zh: '快递柜', en: 'Parcel locker' },
};

/** Options of {@link createPrivacyCenter}. */
export interface PrivacyCenterOptions extends Partial<BackendOptions> {
  /** Receives each demo one-time code (default: printed on the console, as a demo). */
  onCode?: (account: string, code: string) => void;
  /** Receives one line per request: method, path, status, milliseconds; never a value (default console.log). */
  log?: (line: string) => void;
}

/** A running privacy center. */
export interface PrivacyCenter {
  readonly backend: Backend;
  readonly server: Server;
  /** Listens (port 0: any free port) and returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

interface Session {
  account: string;
  role: 'customer' | 'staff';
  csrf: string;
  expires: number;
}

function token(): string {
  return randomBytes(24).toString('base64url');
}
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
const cookie = (name: string, value: string, maxAge?: number) =>
  `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`;

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 8192) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return cur;
}

/**
 * Creates the privacy center (not listening yet). With `databaseUrl` it keeps everything in
 * PostgreSQL, otherwise in SQLite; `now` is the clock of every module (a test moves it).
 */
export async function createPrivacyCenter(options: PrivacyCenterOptions = {}): Promise<PrivacyCenter> {
  const now = options.now ?? Date.now;
  const backend = await openBackend({ ...options, now });
  const onCode =
    options.onCode ??
    ((account, code) => console.log(`[demo] one-time code for account ${account}: ${code}`));
  const log = options.log ?? ((line) => console.log(line));
  const sessions = new Map<string, Session>();
  const codes = new Map<string, { code: string; expires: number; tries: number }>();

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string | string[]> = {},
  ) {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-content-type-options': 'nosniff',
      // same-origin, not no-referrer: with no-referrer the browser sends 'Origin: null' on form posts.
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body);
  }
  const redirect = (res: ServerResponse, to: string, headers: Record<string, string | string[]> = {}) =>
    send(res, 303, '', { location: to, ...headers });

  function langOf(req: IncomingMessage, url: URL): { lang: Lang; set?: string } {
    const q = url.searchParams.get('lang');
    if (q === 'zh' || q === 'en') return { lang: q, set: cookie('pc_lang', q, 31_536_000) };
    return { lang: cookies(req).pc_lang === 'en' ? 'en' : 'zh' };
  }

  function session(req: IncomingMessage): Session | undefined {
    const id = cookies(req).pc_session;
    const s = id === undefined ? undefined : sessions.get(id);
    if (s === undefined) return undefined;
    if (s.expires < now()) {
      sessions.delete(id!);
      return undefined;
    }
    return s;
  }

  async function customerPage(s: Session, lang: Lang): Promise<string> {
    const subject = s.account;
    const items = await backend.parcelsOf(subject);
    const request = {
      actor: { id: subject, roles: ['customer'] },
      purpose: 'delivery',
      context: { now: now() },
    };
    const decisions = backend.policy.decideMany(
      request,
      items.map((p) => ({ resource: p.record, recordId: p.id })),
    );
    const shown = items
      .map((p, i) => ({ record: p.record, decision: decisions[i]!, recordId: p.id }))
      .filter((x) => x.decision.record);
    const views = await backend.policy.viewMany(backend.vault, Parcel, shown);
    const parcels: ParcelCard[] = views.map((v, i) => {
      const d = shown[i]!.decision.fields as Record<string, { effect: 'allow' | 'mask' | 'deny' }>;
      const fields: ParcelCard['fields'] = [];
      for (const path of Object.keys(FIELD_LABELS)) {
        const effect = d[path]?.effect ?? 'deny';
        const value = effect === 'deny' ? undefined : at(v, path);
        if (effect !== 'deny' && typeof value !== 'string') continue; // not held for this parcel
        fields.push({ path, effect, ...(typeof value === 'string' ? { value } : {}) });
      }
      return {
        id: shown[i]!.recordId,
        waybillNo: at(v, 'waybillNo') as string | undefined,
        status: at(v, 'status') as string | undefined,
        fields,
      };
    });
    const grantOpts = { index: backend.grantIndex, revocations: backend.revocations, now };
    const grants = (await listGrants(subject, grantOpts)).map((g) => ({
      tokenId: g.tokenId,
      sentence: describeGrant(g, {
        lang,
        ...(GRANTEE_LABELS[g.purpose] ? { grantee: GRANTEE_LABELS[g.purpose] } : {}),
      }),
    }));
    const consents = (await backend.ledger.status(subject)).filter((c) =>
      (CONSENT_PURPOSES as readonly string[]).includes(c.purpose),
    );
    const requests = await backend.desk.list({ subjectId: subject });
    return homePage(lang, s.csrf, {
      parcels,
      grants,
      consents,
      requests,
      kinds: RIGHTS_REQUEST_KINDS,
      now: now(),
    });
  }

  async function customerAction(path: string, s: Session, f: URLSearchParams): Promise<void> {
    const subject = s.account;
    const grantOpts = {
      index: backend.grantIndex,
      revocations: backend.revocations,
      audit: backend.audit,
      now,
    };
    if (path === '/grants/revoke') await revokeGrant(subject, f.get('tokenId') ?? '', grantOpts);
    else if (path === '/grants/revoke-all') {
      for (const g of await listGrants(subject, grantOpts)) await revokeGrant(subject, g.tokenId, grantOpts);
    } else if (path === '/consents/withdraw') {
      const purpose = f.get('purpose') ?? '';
      if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose)) throw new Error('unknown purpose');
      await backend.ledger.withdraw(subject, purpose, { channel: 'privacy-center' });
    } else if (path === '/requests') {
      const target = f.get('target') ?? '';
      await backend.desk.file({
        kind: (f.get('kind') ?? '') as never,
        subjectId: subject,
        ...(target !== '' ? { target } : {}),
      });
    } else throw new Error('unknown action');
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { lang, set } = langOf(req, url);
    const s = strings(lang);
    const extra: Record<string, string> = set ? { 'set-cookie': set } : {};
    const path = url.pathname;
    const me = session(req);

    if (req.method === 'POST') {
      // Same-origin only (SameSite=Strict cookies, plus the Origin header when the browser sends it).
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host}`) return send(res, 403, s.forbidden);
      const f = await form(req);
      const csrf = f.get('csrf') ?? '';
      if (path === '/signin' || path === '/signin/code') {
        const pre = cookies(req).pc_pre ?? '';
        if (pre === '' || !same(pre, csrf))
          return send(res, 403, layout(lang, s.signIn, '', { path: '/', error: s.forbidden }));
        const account = f.get('account') ?? '';
        if (path === '/signin') {
          if (!/^[A-Za-z0-9_.-]{1,64}$/.test(account)) return redirect(res, '/');
          // An unknown account gets the same page and no code: the form does not tell who has an account.
          if (ACCOUNTS[account] !== undefined) {
            const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
            codes.set(account, { code, expires: now() + CODE_TTL, tries: 0 });
            onCode(account, code);
          }
          return send(res, 200, layout(lang, s.signIn, signInPage(lang, pre, account), { path: '/' }), extra);
        }
        const want = codes.get(account);
        const code = f.get('code') ?? '';
        if (want === undefined || want.expires < now() || want.tries >= 5 || !same(want.code, code)) {
          if (want) want.tries++;
          return send(
            res,
            200,
            layout(lang, s.signIn, signInPage(lang, pre, account), { path: '/', error: s.badCode }),
          );
        }
        codes.delete(account);
        const id = token();
        const role = ACCOUNTS[account]!;
        sessions.set(id, { account, role, csrf: token(), expires: now() + SESSION_TTL });
        return redirect(res, role === 'staff' ? '/staff' : '/home', {
          'set-cookie': [cookie('pc_session', id), cookie('pc_pre', '', 0)],
        });
      }
      if (me === undefined || !same(me.csrf, csrf))
        return send(res, 403, layout(lang, s.title, '', { path: '/', error: s.forbidden }));
      if (path === '/signout') {
        sessions.delete(cookies(req).pc_session ?? '');
        return redirect(res, '/', { 'set-cookie': cookie('pc_session', '', 0) });
      }
      if (me.role !== 'customer')
        return send(res, 403, layout(lang, s.title, '', { path: '/', error: s.forbidden }));
      try {
        await customerAction(path, me, f);
        return redirect(res, '/home?done=1');
      } catch (e) {
        // The stable code only: a message could carry what was typed.
        return redirect(res, `/home?error=${isPiiError(e) ? e.code : 'INVALID_REQUEST'}`);
      }
    }

    if (req.method !== 'GET') return send(res, 405, s.notFound);
    if (path === '/') {
      if (me) return redirect(res, me.role === 'staff' ? '/staff' : '/home', extra);
      const pre = token();
      return send(res, 200, layout(lang, s.signIn, signInPage(lang, pre), { path: '/' }), {
        'set-cookie': [cookie('pc_pre', pre), ...(set ? [set] : [])],
      });
    }
    if (me === undefined) return redirect(res, '/', extra);
    if (path === '/home' && me.role === 'customer') {
      const error = url.searchParams.get('error');
      const notice = url.searchParams.get('done') === '1' ? s.done : undefined;
      const body = await customerPage(me, lang);
      return send(
        res,
        200,
        layout(lang, s.title, body, {
          path,
          signedIn: { csrf: me.csrf },
          ...(notice ? { notice } : {}),
          ...(error && /^[A-Z_]{1,40}$/.test(error) ? { error: `${s.failed}${error}` } : {}),
        }),
        extra,
      );
    }
    if (path === '/export' && me.role === 'customer') {
      const bundle = await exportSubject(me.account, {
        source: backend.source,
        vault: backend.vault,
        audit: backend.audit,
        actor: me.account,
        now: new Date(now()),
      });
      return send(res, 200, JSON.stringify(bundle, null, 2), {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': 'attachment; filename="my-data.json"',
      });
    }
    if (path === '/staff' && me.role === 'staff') {
      const t = now();
      const body = staffPage(lang, {
        open: await backend.desk.list({ open: true }),
        overdue: await backend.desk.overdue(t),
        erasureWork: backend.erasureWork.length,
        now: t,
      });
      return send(res, 200, layout(lang, s.staff, body, { path, signedIn: { csrf: me.csrf } }), extra);
    }
    return send(res, 404, layout(lang, s.notFound, '', { path: '/' }));
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => log(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`));
    handle(req, res, url).catch((e: unknown) => {
      // Only the error's code or class: messages may quote input.
      log(`error ${isPiiError(e) ? e.code : ((e as Error)?.name ?? 'unknown')} on ${url.pathname}`);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  return {
    backend,
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const a = server.address() as AddressInfo;
          resolve(`http://${host}:${a.port}`);
        });
      });
    },
    async close() {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}
