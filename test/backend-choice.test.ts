// The one resolution of a backend choice that the default suite, the GM primitives and Ed25519
// share: the forced-'node'-without-node:crypto branch cannot run on this machine through the
// three selectors (node:crypto is here), so it is held here with a missing native backend.
import { describe, expect, it } from 'vitest';
import { pickBackend } from '../src/_internal/backend-choice.js';
import { selectEd25519 } from '../src/_internal/ed25519.js';
import { selectBackend } from '../src/crypto/backend.js';
import { selectGmBackend } from '../src/crypto/gm/gm-backend.js';
import { PiiError } from '../src/errors.js';

interface Named {
  name: string;
}
const native: Named = { name: 'node' };
const pure: Named = { name: 'noble' };

function caught(f: () => unknown): PiiError {
  try {
    f();
  } catch (e) {
    if (e instanceof PiiError) return e;
    throw e;
  }
  throw new Error('expected a PiiError');
}

describe('pickBackend', () => {
  it("'auto' takes the native backend when present and the pure one when not", () => {
    expect(pickBackend('auto', native, pure, 'm')).toBe(native);
    expect(pickBackend('auto', undefined, pure, 'm')).toBe(pure);
  });

  it("'noble' always takes the pure backend; 'node' the native one when present", () => {
    expect(pickBackend('noble', native, pure, 'm')).toBe(pure);
    expect(pickBackend('node', native, pure, 'm')).toBe(native);
  });

  it("a forced 'node' without node:crypto is BACKEND_UNAVAILABLE with the caller's message", () => {
    const e = caught(() => pickBackend('node', undefined, pure, 'no native here; use noble.'));
    expect(e.code).toBe('BACKEND_UNAVAILABLE');
    expect(e.message).toContain('no native here; use noble.');
  });

  it.each([['gm'], ['NODE'], [''], [undefined], [null], [1]])('fails closed on the choice %j', (choice) => {
    const e = caught(() => pickBackend(choice, native, pure, 'm'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/backend must be 'noble', 'node' or 'auto'/);
  });

  it('the three selectors resolve and refuse alike', () => {
    for (const select of [selectBackend, selectGmBackend, selectEd25519] as ((c?: unknown) => {
      name: string;
    })[]) {
      expect(select('noble').name).toBe('noble');
      expect(select('node').name).toBe('node');
      expect(select().name).toBe('node');
      expect(caught(() => select('sm')).code).toBe('INVALID_ARGUMENT');
    }
  });
});
