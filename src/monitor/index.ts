/**
 * courier-pii/monitor: watches every access decision for the insider who quietly pulls
 * thousands of recipients' phones and addresses. Rules as data (sliding-window counters per
 * actor, role or purpose, distinct-recipient counts, working hours, denial bursts, per-actor
 * baselines), alerts recorded as audit events without values, an optional deny list the
 * policy honours, bounded memory, and the periodic privacy report. See docs/monitoring.md.
 *
 * @module
 */
export { createAccessMonitor } from './monitor.js';
export type {
  AccessMonitor,
  AccessMonitorOptions,
  ClearOptions,
  MonitorAlert,
  MonitorAuditSink,
  MonitorStats,
  MonitoredDecision,
  MonitoredRequest,
} from './types.js';
export { defaultRules, durationMs, monitorRulesSchema, parseRules } from './rules.js';
export type {
  BaselineRule,
  Condition,
  CountRule,
  DefaultRuleOptions,
  Duration,
  MonitorRule,
  PeerRule,
  RuleAction,
  RuleMatch,
  Severity,
  WorkingHours,
} from './rules.js';
export { memoryCounterStore } from './store.js';
export type { CounterStore, MaybePromise, MemoryCounterStore, MemoryCounterStoreOptions } from './store.js';
export { memoryDenyList } from './deny-list.js';
export type { DenyEntry, DenyList } from './deny-list.js';
export { privacyReport } from './report.js';
export type {
  ClosedAlert,
  Counts,
  PrivacyReport,
  PrivacyReportData,
  PrivacyReportOptions,
} from './report.js';
