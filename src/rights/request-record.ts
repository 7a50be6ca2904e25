// Checking a stored rights request: the file and database stores parse every record they write
// and every record they read back, so a row edited by hand or cut short is reported, never
// trusted. The record holds ids, kinds, states, times and codes; the refusal explanation is the
// only free text (written by staff for the customer, never a personal value by contract).
import { PiiError } from '../errors.js';
import {
  REFUSAL_CODES,
  type RefusalCode,
  RIGHTS_REQUEST_KINDS,
  type RightsRequest,
  type RightsRequestKind,
  type RightsRequestState,
  type RightsTransition,
} from './types.js';

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;
const REQUEST_ID = /^rr-[0-9a-f]{32}$/;
const TARGET = /^[A-Za-z0-9_.:\-[\]]{1,200}$/;
const KINDS = new Set<string>(RIGHTS_REQUEST_KINDS);
const CODES = new Set<string>(REFUSAL_CODES);
const STATES = new Set<string>(['received', 'identity-verified', 'in-progress', 'answered', 'refused']);
/** Which states may follow which (the one state machine; the desk moves by it). */
export const NEXT_STATES: Readonly<Record<RightsRequestState, readonly RightsRequestState[]>> = {
  received: ['identity-verified', 'refused'],
  'identity-verified': ['in-progress', 'refused'],
  'in-progress': ['answered', 'refused'],
  answered: [],
  refused: [],
};
const KEYS = new Set([
  'id',
  'kind',
  'subjectId',
  'state',
  'receivedAt',
  'dueAt',
  'target',
  'refusal',
  'answerRef',
  'history',
  'revision',
]);
const STEP_KEYS = new Set(['from', 'to', 'at', 'actor', 'reasonCode']);

function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}
function time(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw bad(`${what} must be a time in whole milliseconds since the epoch.`);
  return v;
}
function id(what: string, v: unknown): string {
  if (typeof v !== 'string' || !ID.test(v))
    throw bad(`${what} must be 1-200 characters of A-Z a-z 0-9 _ . : / -.`);
  return v;
}
function plainObject(what: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${what} must be an object.`);
  return v as Record<string, unknown>;
}
function onlyKeys(what: string, v: Record<string, unknown>, keys: ReadonlySet<string>): void {
  for (const k of Object.keys(v))
    if (!keys.has(k)) throw bad(`${what} has an unknown field '${k.slice(0, 40)}'.`);
}

function step(v: unknown, prev: RightsRequestState | null, first: boolean): RightsTransition {
  const s = plainObject('A history step', v);
  onlyKeys('A history step', s, STEP_KEYS);
  if (first ? s.from !== null : s.from !== prev)
    throw bad('The history steps must chain: each one starts where the one before ended.');
  if (typeof s.to !== 'string' || !STATES.has(s.to)) throw bad('A history step names an unknown state.');
  if (prev !== null && !NEXT_STATES[prev].includes(s.to as RightsRequestState))
    throw bad('A history step makes a transition the state machine does not allow.');
  const out: {
    from: RightsRequestState | null;
    to: RightsRequestState;
    at: number;
    actor: string;
    reasonCode?: RefusalCode;
  } = {
    from: prev,
    to: s.to as RightsRequestState,
    at: time('A history step time', s.at),
    actor: id('A history step actor', s.actor),
  };
  if (s.reasonCode !== undefined) {
    if (s.to !== 'refused' || typeof s.reasonCode !== 'string' || !CODES.has(s.reasonCode))
      throw bad('Only a refusal step carries a reason code, one of the refusal codes.');
    out.reasonCode = s.reasonCode as RefusalCode;
  }
  return out;
}

/**
 * Checks a rights request record read from (or about to be written to) storage: known fields
 * only, a known kind and state, whole-millisecond times, a history that chains from `received`
 * to the current state, one revision per step, a refusal exactly when refused. Database and
 * file stores call it on every write and read; write your own store the same way.
 *
 * @param value - the parsed JSON of one record
 * @returns the record, rebuilt from its checked fields
 * @throws PiiError INVALID_ARGUMENT naming what is wrong (never a value)
 * @example
 * ```ts
 * import { parseRightsRequest } from 'courier-pii/rights';
 * const r = parseRightsRequest({
 *   id: `rr-${'0'.repeat(32)}`, kind: 'access', subjectId: 'cust-1', state: 'received',
 *   receivedAt: 0, dueAt: 2_592_000_000, revision: 1,
 *   history: [{ from: null, to: 'received', at: 0, actor: 'cust-1' }],
 * });
 * console.log(r.state); // received
 * ```
 */
export function parseRightsRequest(value: unknown): RightsRequest {
  const v = plainObject('A rights request', value);
  onlyKeys('A rights request', v, KEYS);
  if (typeof v.id !== 'string' || !REQUEST_ID.test(v.id))
    throw bad("A rights request id is 'rr-' and 32 hex digits.");
  if (typeof v.kind !== 'string' || !KINDS.has(v.kind)) throw bad('A rights request has an unknown kind.');
  if (typeof v.state !== 'string' || !STATES.has(v.state))
    throw bad('A rights request has an unknown state.');
  const receivedAt = time('receivedAt', v.receivedAt);
  const dueAt = time('dueAt', v.dueAt);
  if (dueAt < receivedAt) throw bad('dueAt must not be before receivedAt.');
  if (!Array.isArray(v.history) || v.history.length === 0 || v.history.length > 5)
    throw bad('A rights request has a history of 1 to 5 steps.');
  const history: RightsTransition[] = [];
  let prev: RightsRequestState | null = null;
  for (const s of v.history) {
    const t = step(s, prev, history.length === 0);
    history.push(t);
    prev = t.to;
  }
  if (history[0]!.to !== 'received' || prev !== v.state)
    throw bad('The history must start at received and end at the current state.');
  if (v.revision !== history.length) throw bad('revision must equal the number of history steps.');
  const needsTarget = v.kind === 'consent-withdrawal' || v.kind === 'correction';
  if (needsTarget !== (v.target !== undefined))
    throw bad('Only withdrawal and correction requests carry a target.');
  if (v.target !== undefined && (typeof v.target !== 'string' || !TARGET.test(v.target)))
    throw bad('target must be a purpose name or field path.');
  const out: {
    -readonly [K in keyof RightsRequest]: RightsRequest[K];
  } = {
    id: v.id,
    kind: v.kind as RightsRequestKind,
    subjectId: id('subjectId', v.subjectId),
    state: v.state as RightsRequestState,
    receivedAt,
    dueAt,
    history,
    revision: history.length,
  };
  if (v.target !== undefined) out.target = v.target as string;
  if ((v.state === 'refused') !== (v.refusal !== undefined))
    throw bad('A refusal is present exactly when refused.');
  if (v.refusal !== undefined) {
    const r = plainObject('refusal', v.refusal);
    onlyKeys('refusal', r, new Set(['code', 'explanation']));
    if (
      typeof r.code !== 'string' ||
      !CODES.has(r.code) ||
      r.code !== history[history.length - 1]!.reasonCode
    )
      throw bad('refusal.code must be a refusal code, the one of the refusal step.');
    if (typeof r.explanation !== 'string' || r.explanation.trim() === '' || r.explanation.length > 2000)
      throw bad('refusal.explanation must be 1-2000 characters.');
    out.refusal = { code: r.code as RefusalCode, explanation: r.explanation };
  }
  if (v.answerRef !== undefined) {
    if (v.state !== 'answered') throw bad('Only an answered request carries answerRef.');
    out.answerRef = id('answerRef', v.answerRef);
  }
  return out;
}
