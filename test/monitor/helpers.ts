// Builders for monitor tests: decisions shaped like the policy module's, at chosen times.
import type { MonitoredDecision, MonitoredRequest } from 'courier-pii/monitor';

export const T0 = Date.UTC(2026, 2, 2, 2, 0, 0); // Monday 10:00 in UTC+8

export function req(
  actor: string,
  roles: string[],
  at: number,
  resource: Record<string, unknown> = {},
  purpose = 'support',
): MonitoredRequest {
  return { actor: { id: actor, roles }, purpose, resource, context: { now: at } };
}

export function shown(paths: Record<string, 'allow' | 'mask' | 'deny'>): MonitoredDecision {
  const fields: Record<string, { effect: 'allow' | 'mask' | 'deny'; rules: string[] }> = {};
  for (const [p, effect] of Object.entries(paths)) fields[p] = { effect, rules: [] };
  return { record: true, fields };
}

export const DENIED: MonitoredDecision = {
  record: false,
  fields: { 'recipient.phone': { effect: 'deny' }, 'recipient.address': { effect: 'deny' } },
};
