import { describe, expect, it } from 'vitest';
import { defaultRules, durationMs, parseRules } from 'courier-pii/monitor';
import { isPiiError } from 'courier-pii';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isPiiError(e) ? e.code : 'not a PiiError';
  }
  return undefined;
}

describe('monitor rules as data', () => {
  it('accepts the default rules and survives a JSON round trip', () => {
    const rules = defaultRules();
    expect(parseRules(JSON.parse(JSON.stringify(rules)))).toEqual(rules);
    expect(rules.map((r) => r.id)).toEqual([
      'courier-unassigned-address-burst',
      'courier-unassigned-address-daily',
      'cs-distinct-recipients-hour',
      'after-hours-access',
      'denied-burst',
      'daily-volume-baseline',
      'peer-daily-volume',
      'new-account-daily-volume',
      'new-account-hourly-volume',
    ]);
  });

  it('uses the role names and offset it is given', () => {
    const rules = defaultRules({ cs: 'kefu', utcOffsetMinutes: 0 });
    const cs = rules.find((r) => r.id === 'cs-distinct-recipients-hour');
    expect(cs?.match?.roles).toEqual(['kefu']);
    const night = rules.find((r) => r.id === 'after-hours-access');
    expect(night?.match?.outsideHours?.utcOffsetMinutes).toBe(0);
  });

  it('rejects malformed rules with INVALID_ARGUMENT naming the place, not the value', () => {
    const bad: unknown[] = [
      [],
      [{ id: 'x', type: 'count', window: 'ten minutes', threshold: 3 }],
      [{ id: 'x', type: 'count', window: '10m', threshold: -1 }],
      [{ id: 'Bad Id', type: 'count', window: '10m', threshold: 3 }],
      [
        { id: 'x', type: 'count', window: '10m', threshold: 3 },
        { id: 'x', type: 'count', window: '1h', threshold: 3 },
      ],
      [{ id: 'x', type: 'count', window: '10m', threshold: 3, per: ['role'], action: 'deny' }],
      [
        {
          id: 'x',
          type: 'count',
          window: '10m',
          threshold: 3,
          match: { when: [['recipient.phone', '==', '13812345678']] },
        },
      ],
      [{ id: 'x', type: 'baseline', alpha: 1.5 }],
      [{ id: 'x', type: 'count', window: '10m', threshold: 3, extra: true }],
    ];
    for (const rules of bad) expect(codeOf(() => parseRules(rules))).toBe('INVALID_ARGUMENT');
    let message = '';
    try {
      parseRules([
        {
          id: 'x',
          type: 'count',
          window: '10m',
          threshold: 3,
          match: { roles: ['13812345678'], when: [['actor.id', '~', '13812345678']] },
        },
      ]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('rules.0.match.when');
    expect(message).not.toContain('13812345678');
  });

  it('converts durations to milliseconds', () => {
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('10m')).toBe(600_000);
    expect(durationMs('24h')).toBe(86_400_000);
    expect(durationMs('7d')).toBe(604_800_000);
    expect(durationMs(1500)).toBe(1500);
    expect(codeOf(() => durationMs('0m'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => durationMs(-5))).toBe('INVALID_ARGUMENT');
  });
});
