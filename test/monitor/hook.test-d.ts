import { expectTypeOf, test } from 'vitest';
import type { AccessMonitor, MonitorRule } from 'courier-pii/monitor';
import type { DenyList, PolicyOptions } from 'courier-pii/policy';

test('the monitor plugs into the policy options without adapters', () => {
  expectTypeOf<AccessMonitor['onDecision']>().toMatchTypeOf<NonNullable<PolicyOptions['onDecision']>>();
  expectTypeOf<AccessMonitor['denyList']>().toMatchTypeOf<DenyList>();
});

test('rules are a discriminated union on type', () => {
  expectTypeOf<Extract<MonitorRule, { type: 'count' }>['threshold']>().toEqualTypeOf<number>();
  expectTypeOf<Extract<MonitorRule, { type: 'baseline' }>>().not.toHaveProperty('threshold');
});
