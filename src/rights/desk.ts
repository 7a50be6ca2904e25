// The rights desk: files requests and complaints, moves them through the state machine, dates
// them (a configurable response period), lists the overdue, and audits every transition with
// ids, kinds and reason codes only. Refusals need a reason (PIPL Art. 50).
import type { AuditEvent } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { createMemoryRightsStore } from './memory-store.js';
import { NEXT_STATES } from './request-record.js';
import {
  REFUSAL_CODES,
  type RefusalCode,
  RIGHTS_REQUEST_KINDS,
  type RightsRequest,
  type RightsRequestKind,
  type RightsRequestState,
  type RightsRequestStore,
} from './types.js';
import { checkOptions } from '../_internal/options.js';
import { RIGHTS_DESK_OPTIONS } from './option-names.js';

/** Default response period in days. GB/T 35273-2020 §8.7 sets one (commonly quoted as 30 days; see the official text). */
export const DEFAULT_RESPONSE_DAYS = 30;

const NEXT = NEXT_STATES;
const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;
const TARGET = /^[A-Za-z0-9_.:\-[\]]{1,200}$/;
const KINDS = new Set<string>(RIGHTS_REQUEST_KINDS);
const CODES = new Set<string>(REFUSAL_CODES);
const DAY = 86_400_000;

function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}

function checkId(what: string, v: unknown): string {
  if (typeof v !== 'string' || !ID.test(v))
    throw bad(`${what} must be 1-200 characters of A-Z a-z 0-9 _ . : / - (an id, never a name or phone).`);
  return v;
}

/** Options of {@link createRightsDesk}. */
export interface RightsDeskOptions {
  /** The audit log: every transition is appended as `rights.transition` (required). */
  audit: { append(event: AuditEvent): Promise<unknown> };
  /** Where requests are kept (default: in memory). */
  store?: RightsRequestStore;
  /** Days from receipt to the due date (default {@link DEFAULT_RESPONSE_DAYS}). */
  responseDays?: number;
  /** Clock (default `Date.now`). */
  now?: () => number;
  /** Random bytes for request ids (default the platform CSPRNG). */
  random?: (n: number) => Uint8Array;
}

/** What {@link RightsDesk.file} takes. */
export interface FileRightsRequest {
  /** What is asked. */
  kind: RightsRequestKind;
  /** Whose request. */
  subjectId: string;
  /** The purpose (`consent-withdrawal`) or field path (`correction`); required for those two. */
  target?: string;
  /** Who filed it (default: the subject). */
  actor?: string;
}

/** A request listing filter. */
export interface RightsListFilter {
  /** Only this subject's requests. */
  subjectId?: string;
  /** Only open ones (not answered or refused). */
  open?: boolean;
}

/** The rights desk: see {@link createRightsDesk}. */
export interface RightsDesk {
  /** The response period in days. */
  readonly responseDays: number;
  /** Files a request or complaint (state `received`, due `responseDays` later). */
  file(input: FileRightsRequest): Promise<RightsRequest>;
  /** received → identity-verified. */
  verifyIdentity(id: string, by: { actor: string }): Promise<RightsRequest>;
  /** identity-verified → in-progress. */
  start(id: string, by: { actor: string }): Promise<RightsRequest>;
  /** in-progress → answered, with a reference to the answer. */
  answer(id: string, by: { actor: string; answerRef?: string }): Promise<RightsRequest>;
  /** Any open state → refused; needs a code and an explanation for the customer. */
  refuse(id: string, by: { actor: string; code: RefusalCode; explanation: string }): Promise<RightsRequest>;
  /** One request. */
  get(id: string): Promise<RightsRequest | undefined>;
  /** Requests, oldest first. */
  list(filter?: RightsListFilter): Promise<RightsRequest[]>;
  /** Open requests whose due date has passed at `at` (default now). */
  overdue(at?: number): Promise<RightsRequest[]>;
}

/**
 * Creates the rights desk for access, copy, portability, correction, deletion, consent
 * withdrawal, explanation requests and complaints (PIPL Art. 44-50). States move only
 * received → identity-verified → in-progress → answered, or to refused (with a reason) from any
 * open state; every transition is audited (`rights.transition`: request id, kind, states, due
 * date, refusal code; never the explanation text). Handlers that do the work are in
 * `fulfilRightsRequest`.
 *
 * @param options - audit log (required), store, response period, clock
 * @returns the desk
 * @throws PiiError INVALID_ARGUMENT without an audit log or with a bad response period; from its
 *   methods INVALID_ARGUMENT for an unknown kind, id or refusal code, a missing target or
 *   explanation, or a transition the state machine does not allow; STORE_CONFLICT when another
 *   writer changed the request first; the audit log's errors (nothing is stored then)
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createRightsDesk } from 'courier-pii/rights';
 * const desk = createRightsDesk({ audit: createAuditLog({ sink: memorySink() }) });
 * const r = await desk.file({ kind: 'access', subjectId: 'cust-1' });
 * console.log(r.state, (r.dueAt - r.receivedAt) / 86_400_000); // received 30
 * ```
 */
export function createRightsDesk(options: RightsDeskOptions): RightsDesk {
  checkOptions('createRightsDesk', options, RIGHTS_DESK_OPTIONS);
  if (typeof options?.audit?.append !== 'function')
    throw bad('createRightsDesk needs { audit }: every transition of a rights request is audited.');
  const days = options.responseDays ?? DEFAULT_RESPONSE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw bad('responseDays must be a whole number of days from 1 to 365.');
  const store = options.store ?? createMemoryRightsStore();
  const now = options.now ?? Date.now;
  const random = options.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const audit = options.audit;

  async function record(r: RightsRequest): Promise<RightsRequest> {
    const t = r.history[r.history.length - 1]!;
    // Audited first: a transition that cannot be audited does not happen.
    await audit.append({
      kind: 'rights.transition',
      actor: t.actor,
      purpose: 'rights-request',
      subjects: [r.subjectId],
      data: {
        requestId: r.id,
        requestKind: r.kind,
        from: t.from,
        to: t.to,
        dueAt: new Date(r.dueAt).toISOString(),
        ...(t.reasonCode ? { reasonCode: t.reasonCode } : {}),
      },
    });
    if (!(await store.put(r)))
      throw new PiiError(
        'STORE_CONFLICT',
        'The request changed while this transition ran; read it again and retry.',
      );
    return r;
  }

  async function move(
    id: string,
    to: RightsRequestState,
    actor: string,
    extra: Partial<Pick<RightsRequest, 'refusal' | 'answerRef'>> = {},
  ): Promise<RightsRequest> {
    checkId('request id', id);
    checkId('actor', actor);
    const cur = await store.get(id);
    if (cur === undefined)
      throw bad('No rights request has this id; check it, or list the subject’s requests.');
    if (!NEXT[cur.state].includes(to))
      throw bad(
        `A request in state '${cur.state}' cannot become '${to}'; allowed next: ${NEXT[cur.state].join(', ') || 'none (it is closed)'}.`,
      );
    return record({
      ...cur,
      ...extra,
      state: to,
      revision: cur.revision + 1,
      history: [
        ...cur.history,
        {
          from: cur.state,
          to,
          at: now(),
          actor,
          ...(extra.refusal ? { reasonCode: extra.refusal.code } : {}),
        },
      ],
    });
  }

  const isOpen = (r: RightsRequest): boolean => r.state !== 'answered' && r.state !== 'refused';

  return Object.freeze({
    responseDays: days,
    async file(input) {
      if (typeof input !== 'object' || input === null) throw bad('file needs { kind, subjectId, target? }.');
      if (typeof input.kind !== 'string' || !KINDS.has(input.kind))
        throw bad(`kind must be one of ${RIGHTS_REQUEST_KINDS.join(', ')}.`);
      const subjectId = checkId('subjectId', input.subjectId);
      const needsTarget = input.kind === 'consent-withdrawal' || input.kind === 'correction';
      if (needsTarget && (typeof input.target !== 'string' || !TARGET.test(input.target)))
        throw bad(`A ${input.kind} request names its target (the purpose, or the field path to correct).`);
      if (!needsTarget && input.target !== undefined) throw bad(`A ${input.kind} request takes no target.`);
      const actor = checkId('actor', input.actor ?? subjectId);
      const at = now();
      const hex = [...random(16)].map((b) => b.toString(16).padStart(2, '0')).join('');
      return record({
        id: `rr-${hex}`,
        kind: input.kind,
        subjectId,
        state: 'received',
        receivedAt: at,
        dueAt: at + days * DAY,
        ...(needsTarget ? { target: input.target } : {}),
        history: [{ from: null, to: 'received', at, actor }],
        revision: 1,
      });
    },
    verifyIdentity: (id, by) => move(id, 'identity-verified', by?.actor),
    start: (id, by) => move(id, 'in-progress', by?.actor),
    answer(id, by) {
      if (by?.answerRef !== undefined) checkId('answerRef', by.answerRef);
      return move(id, 'answered', by?.actor, by?.answerRef !== undefined ? { answerRef: by.answerRef } : {});
    },
    async refuse(id, by) {
      if (typeof by?.code !== 'string' || !CODES.has(by.code))
        throw bad(`A refusal needs a reason code: one of ${REFUSAL_CODES.join(', ')}.`);
      if (typeof by.explanation !== 'string' || by.explanation.trim() === '' || by.explanation.length > 2000)
        throw bad('A refusal needs an explanation for the customer (1-2000 characters).');
      return move(id, 'refused', by.actor, { refusal: { code: by.code, explanation: by.explanation } });
    },
    async get(id) {
      return store.get(checkId('request id', id));
    },
    async list(filter = {}) {
      const rows = await store.list(
        filter.subjectId === undefined ? {} : { subjectId: checkId('subjectId', filter.subjectId) },
      );
      return filter.open ? rows.filter(isOpen) : rows;
    },
    async overdue(at = now()) {
      if (!Number.isSafeInteger(at) || at < 0) throw bad('overdue takes a time in whole milliseconds.');
      // The store narrows with its index where it has one; the filter here holds either way.
      return (await store.list({ openDueBefore: at })).filter((r) => isOpen(r) && at > r.dueAt);
    },
  } satisfies RightsDesk);
}
