// The monitor's public types: what it reads of a policy request and decision, the alerts it
// raises, its options and the running monitor's interface (docs/monitoring.md).
import type { AuditEntry, AuditEvent, AuditSource } from '../audit/index.js';
import type { classify } from '../schema/index.js';
import type { DenyList } from './deny-list.js';
import type { MonitorRule, RuleAction, Severity } from './rules.js';
import type { CounterStore } from './store.js';

/** The part of a policy request the monitor reads. */
export interface MonitoredRequest {
  actor: { id: string; roles: readonly string[]; attrs?: Readonly<Record<string, unknown>> };
  purpose: string;
  resource?: unknown;
  /** The record id (as in the policy request). */
  recordId?: string;
  context?: { now?: Date | number | string };
}

/** The part of a policy decision the monitor reads. */
export interface MonitoredDecision {
  record: boolean;
  fields: Readonly<Record<string, { effect: 'allow' | 'mask' | 'deny' } | 'allow' | 'mask' | 'deny'>>;
}

/** An alert: which rule, whom, how many in which window. Never a personal-data value. */
export interface MonitorAlert {
  /** Random id, also in the audit entry. */
  id: string;
  rule: string;
  type: 'count' | 'baseline' | 'peer';
  severity: Severity;
  action: RuleAction;
  /** The actor whose decision crossed the threshold. */
  actor: string;
  /** The counted key: the actor id, a role, a purpose, or several joined by `|`. */
  key: string;
  /** What the counter is kept for. */
  per: Array<'actor' | 'role' | 'purpose'>;
  /** The count (or distinct count, or today's volume) that crossed the threshold. */
  count: number;
  threshold: number;
  /** Set when distinct values were counted. */
  distinct?: string;
  /** The window counted, ISO 8601. */
  window: { ms: number; from: string; to: string };
  /** For baseline alerts: what the actor usually does. */
  baseline?: { mean: number; spread: number; days: number };
  /**
   * For peer alerts: the group compared with (a role, or `role|attribute values`), its median and
   * median absolute deviation per period, its weight (about the recent actor-periods behind it),
   * and whether the rule is a new-account rule.
   */
  peer?: { group: string; median: number; spread: number; weight: number; newAccount: boolean };
  /** When the alert was raised, ISO 8601. */
  time: string;
}

/** How an alert was closed (recorded in the audit log as `monitor.alert.closed`). */
export interface ClearOptions {
  /** Who reviewed it (a staff id). */
  by: string;
  /** Outcome, e.g. `false-positive`, `confirmed`, `resolved`. */
  resolution: string;
  /** Ticket or case reference (no personal data). */
  ticket?: string;
}

/** Where alerts and closures are recorded: an audit log. */
export interface MonitorAuditSink {
  append(event: AuditEvent): Promise<unknown>;
}

/** Options of {@link createAccessMonitor}. */
export interface AccessMonitorOptions {
  /** Rules as data (default {@link defaultRules}()); validated with {@link parseRules}. */
  rules?: readonly MonitorRule[];
  /** Audit log that receives `alert` and `monitor.alert.closed` events. */
  audit?: MonitorAuditSink;
  /** Called once per alert, synchronously when the store is synchronous. */
  onAlert?: (alert: MonitorAlert) => void;
  /** Counter store (default a bounded {@link memoryCounterStore}). */
  store?: CounterStore;
  /** Deny list filled by `deny` rules (default an in-memory one). */
  denyList?: DenyList;
  /** Time for decisions whose request has no `context.now` (default `Date.now`). */
  clock?: () => number | Date;
  /** The record schema, so each decided path has its level and kind (else guessed from the path name). */
  schema?: Parameters<typeof classify>[0];
  /** Subject id of a request, for `distinct: 'subject'` (default resource.subjectId ?? resource.recipientId). */
  subjectOf?: (request: MonitoredRequest) => string | undefined;
  /** Record id of a request, for `distinct: 'record'` (default request.recordId ?? resource.id ?? resource.recordId). */
  recordOf?: (request: MonitoredRequest) => string | undefined;
  /**
   * Actor attributes a peer rule may split groups by (`stationId` for `actor.stationId`); a peer
   * rule naming any other attribute is refused (default none).
   */
  actorAttrs?: readonly string[];
  /** Roles of an actor seen in audit entries that carry no `data.roles` (default none). */
  rolesOf?: (actorId: string) => readonly string[];
  /** Called with store or audit failures; without it {@link AccessMonitor.flush} rejects with the first. */
  onError?: (error: unknown) => void;
}

/** Counters of what the monitor saw. */
export interface MonitorStats {
  /** Decisions evaluated. */
  events: number;
  /** Decisions of actors already on the deny list (not evaluated). */
  blocked: number;
  /** Alerts raised. */
  alerts: number;
}

/** The running monitor. */
export interface AccessMonitor {
  /** The policy hook: pass as `onDecision` to `definePolicy`. */
  readonly onDecision: (request: MonitoredRequest, decision: MonitoredDecision) => void;
  /** Feeds one audit entry (only `access.decision` entries are evaluated). */
  observe(entry: AuditEntry): void;
  /** Runs the rules over a whole audit log after the fact; resolves with the alerts raised. */
  observeAll(
    source: AuditSource,
    window?: { from?: Date | number | string; to?: Date | number | string },
  ): Promise<MonitorAlert[]>;
  /** The deny list to pass as `denyList` to `definePolicy`. */
  readonly denyList: DenyList;
  /** Alerts not yet closed, oldest first. */
  openAlerts(): MonitorAlert[];
  /** Unblocks an actor and closes its open alerts, recording who did it and why. */
  clear(actorId: string, options: ClearOptions): Promise<MonitorAlert[]>;
  /** Waits for pending store and audit work. */
  flush(): Promise<void>;
  /** What the monitor has seen so far. */
  stats(): MonitorStats;
}
