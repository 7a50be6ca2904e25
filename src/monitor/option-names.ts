// The option names of every monitor options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { PrivacyReportOptions } from './report.js';
import type { DefaultRuleOptions } from './rules.js';
import type { MemoryCounterStoreOptions } from './store.js';
import type { AccessMonitorOptions, ClearOptions } from './types.js';

export const MONITOR_OPTIONS = optionNames<AccessMonitorOptions>()([
  'rules',
  'audit',
  'onAlert',
  'store',
  'denyList',
  'clock',
  'schema',
  'subjectOf',
  'recordOf',
  'rolesOf',
  'onError',
  'actorAttrs',
]);
export const CLEAR_OPTIONS = optionNames<ClearOptions>()(['by', 'resolution', 'ticket']);
export const DEFAULT_RULE_OPTIONS = optionNames<DefaultRuleOptions>()([
  'courier',
  'station',
  'cs',
  'utcOffsetMinutes',
  'assignedAttr',
  'peerGroupBy',
]);
export const COUNTER_STORE_OPTIONS = optionNames<MemoryCounterStoreOptions>()(['maxKeys', 'exactLimit']);
export const REPORT_OPTIONS = optionNames<PrivacyReportOptions>()([
  'from',
  'to',
  'title',
  'organization',
  'schema',
  'rolesOf',
  'utcOffsetMinutes',
  'now',
]);
