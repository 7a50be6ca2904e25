import { describe, expect, it } from 'vitest';
import { scopeLevel } from '../../src/consent/index.js';
import { checkScope, isNarrowerScope, isPattern } from '../../src/consent/scope.js';

describe('scope patterns', () => {
  it('accept dotted paths, array paths, subtree wildcards and **', () => {
    for (const p of ['pickupCode', 'recipient.address', 'items[].name', 'recipient.*', '**'])
      expect(isPattern(p)).toBe(true);
    for (const p of ['', '*', '.*', 'a.*.b', 're*cipient', 'a b', 'a\nb', 'x'.repeat(201)])
      expect(isPattern(p)).toBe(false);
  });

  it('give a path the highest level among matching patterns', () => {
    const s = { 'recipient.*': 'mask', 'recipient.phone': 'allow' } as const;
    expect(scopeLevel(s, 'recipient.phone')).toBe('allow');
    expect(scopeLevel(s, 'recipient.address')).toBe('mask');
    expect(scopeLevel(s, 'recipient')).toBeUndefined();
    expect(scopeLevel(s, 'sender.phone')).toBeUndefined();
    expect(scopeLevel({ '**': 'mask' }, 'anything.at.all')).toBe('mask');
  });

  it('treat fewer paths, lower levels and sub-wildcards as narrower, and the rest as wider', () => {
    const parent = { 'recipient.*': 'mask', pickupCode: 'allow' } as const;
    expect(isNarrowerScope(parent, { pickupCode: 'mask' })).toBe(true);
    expect(isNarrowerScope(parent, { 'recipient.address': 'mask' })).toBe(true);
    expect(isNarrowerScope(parent, { 'recipient.*': 'mask' })).toBe(true);
    expect(isNarrowerScope(parent, { 'recipient.address': 'allow' })).toBe(false);
    expect(isNarrowerScope(parent, { 'sender.phone': 'mask' })).toBe(false);
    expect(isNarrowerScope(parent, { '**': 'mask' })).toBe(false);
    expect(
      isNarrowerScope({ pickupCode: 'allow', 'recipient.address': 'allow' }, { 'recipient.*': 'mask' }),
    ).toBe(false);
    expect(isNarrowerScope({ '**': 'allow' }, { 'a.*': 'allow', b: 'mask' })).toBe(true);
  });

  it('checkScope sorts entries canonically and rejects bad input with INVALID_ARGUMENT', () => {
    expect(checkScope('scope', { b: 'mask', a: 'allow' })).toEqual([
      ['a', 'allow'],
      ['b', 'mask'],
    ]);
    for (const bad of [{}, [], null, { a: 'deny' }, { 'a b': 'allow' }]) {
      expect(() => checkScope('scope', bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});
