import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
import { canonicalJson, cloneJson } from '../../src/audit/canonical-json.js';
import { sampleEvent, stepClock } from './helpers.js';

let log: AuditEntry[] = [];
beforeAll(async () => {
  const sink = memorySink();
  const l = createAuditLog({ sink, clock: stepClock() });
  for (let i = 0; i < 25; i++) await l.append(sampleEvent(i));
  log = JSON.parse(JSON.stringify(sink.entries)) as AuditEntry[];
});

describe('verification properties', () => {
  it('any change to one character of one stored line is detected at that entry', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 32, max: 126 }), (i, pos, code) => {
        const index = i % log.length;
        const line = JSON.stringify(log[index]);
        const at = pos % line.length;
        if (line.charCodeAt(at) === code) return;
        const edited = line.slice(0, at) + String.fromCharCode(code) + line.slice(at + 1);
        let parsed: unknown;
        try {
          parsed = JSON.parse(edited);
        } catch {
          return; // no longer JSON: a file verifier reports it as 'format' at this index
        }
        // Edits that JSON parsing normalises away (e.g. key order, an escaped duplicate) change nothing.
        if (canonicalJson(parsed) === canonicalJson(log[index])) return;
        const t = [...log];
        t[index] = parsed as AuditEntry;
        const r = verifyAuditLog(t);
        expect(r.ok).toBe(false);
        expect(r.firstBadIndex).toBe(index);
      }),
      { numRuns: 400 },
    );
  });

  it('removing, duplicating or moving any one entry is detected at the first position that changed', () => {
    fc.assert(
      fc.property(fc.constantFrom('remove', 'duplicate', 'move'), fc.nat(), fc.nat(), (op, a, b) => {
        const i = a % log.length;
        const t = [...log];
        let first: number;
        if (op === 'remove') {
          t.splice(i, 1);
          if (i === log.length - 1) return; // a clean tail cut needs a checkpoint (tested elsewhere)
          first = i;
        } else if (op === 'duplicate') {
          t.splice(i + 1, 0, log[i]!);
          first = i + 1;
        } else {
          const j = b % log.length;
          if (i === j) return;
          const [e] = t.splice(i, 1);
          t.splice(j, 0, e!);
          first = Math.min(i, j);
        }
        expect(verifyAuditLog(t)).toMatchObject({ ok: false, firstBadIndex: first });
      }),
      { numRuns: 300 },
    );
  });

  it('canonical JSON does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
      { numRuns: 200 },
    );
  });

  it('the checked copy of event data equals its canonical JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const copy = cloneJson(v);
        expect(canonicalJson(copy)).toBe(canonicalJson(v));
        expect(copy).toStrictEqual(JSON.parse(canonicalJson(v)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps an own __proto__ member as data', () => {
    const v = JSON.parse('{"__proto__":{"x":1},"a":2}') as Record<string, unknown>;
    const copy = cloneJson(v);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(canonicalJson(copy)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('no verification reason contains a value planted in an entry', () => {
    const fields = ['seq', 'actor', 'purpose', 'kind', 'time', 'prev', 'hash', 'records', 'data'];
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom(...fields),
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.boolean(),
        (i, f, phone, asKey) => {
          const t = JSON.parse(JSON.stringify(log)) as Array<Record<string, unknown>>;
          const e = t[i % t.length]!;
          if (asKey) e[phone] = 1;
          else e[f] = f === 'seq' ? Number(phone) : phone;
          const r = verifyAuditLog(t);
          expect(r.ok).toBe(false);
          expect(r.reason).not.toContain(phone);
        },
      ),
      { numRuns: 200 },
    );
  });
});
