// The scoring rules of `npm run eval:detect` (scripts/eval-detect.ts), held with a scripted
// detector so they are checked apart from the real one.
import { describe, expect, it } from 'vitest';
import {
  type CorpusRecord,
  type EvalResult,
  evaluate,
  missedTargets,
  selectSplit,
  spansMatch,
} from '../../scripts/eval-detect.js';

type F = { kind: string; start: number; end: number };
const rec = (text: string, spans: F[], more: Partial<CorpusRecord> = {}): CorpusRecord => ({
  id: 'r',
  text,
  spans,
  negatives: [],
  ...more,
});
const at = (text: string, value: string, kind: string, from = 0): F => {
  const start = text.indexOf(value, from);
  if (start < 0) throw new Error('test setup: value not in text');
  return { kind, start, end: start + value.length };
};
const score = (res: EvalResult, kind: string) => res.kinds.find((k) => k.kind === kind);
const scripted = (found: F[]) => () => found;

describe('eval:detect matching', () => {
  const text = '收件人：张伟，电话：(+86)13812345678，地址：北京市朝阳区建国路88号SOHO现代城A座1203';

  it('matches identifiers up to edge punctuation, and phones without their country code', () => {
    const gold = at(text, '(+86)13812345678', 'phone');
    expect(spansMatch(text, 'phone', at(text, '+86)13812345678', 'phone'), gold)).toBe(true);
    expect(spansMatch(text, 'phone', at(text, '13812345678', 'phone'), gold)).toBe(true);
    expect(spansMatch(text, 'phone', at(text, '1381234567', 'phone'), gold)).toBe(false);
    expect(spansMatch(text, 'phone', at(text, '13812345678', 'phone'), gold, 'strict')).toBe(false);
    const wider = { kind: 'phone', start: gold.start, end: gold.end + 2 };
    expect(spansMatch(text, 'phone', wider, gold)).toBe(false);
  });

  it('matches names and addresses at intersection-over-union 0.5 and ignores fragments inside a match', () => {
    const addr = at(text, '北京市朝阳区建国路88号SOHO现代城A座1203', 'address');
    const r = rec(text, [at(text, '张伟', 'name'), addr]);
    const res = evaluate([r], {
      detect: scripted([
        { kind: 'name', start: addr.start - 20, end: addr.start - 20 }, // empty, counts as fp
        at(text, '张伟，', 'name'),
        at(text, '北京市朝阳区建国路88号', 'address'),
        at(text, 'SOHO现代城A座1203', 'address'),
      ]),
    });
    expect(score(res, 'name')).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(score(res, 'address')).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    const half = evaluate([r], { detect: scripted([at(text, '张', 'name')]) });
    expect(score(half, 'name')).toMatchObject({ tp: 1 }); // IoU exactly 0.5
    const tooShort = evaluate([r], {
      detect: scripted([at(text, '收件人：张', 'name'), at(text, '北京市', 'address')]),
    });
    expect(score(tooShort, 'name')).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(score(tooShort, 'address')).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });

  it('needs the kind to agree', () => {
    const r = rec(text, [at(text, '(+86)13812345678', 'phone')]);
    const res = evaluate([r], { detect: scripted([at(text, '(+86)13812345678', 'landline')]) });
    expect(score(res, 'phone')).toMatchObject({ tp: 0, fn: 1 });
    expect(score(res, 'landline')).toMatchObject({ fp: 1 });
  });

  it('does not count findings in a don\u2019t-care region, and counts hard-negative hits', () => {
    const t = '【顺丰速运】张先生您好，运单SF1381234567890，取件码 8-2-1033';
    const r = rec(t, [at(t, '8-2-1033', 'pickupCode')], {
      subset: 'template',
      ignore: [{ ...at(t, '张先生', 'x'), what: 'honorific' }],
      negatives: [{ ...at(t, 'SF1381234567890', 'x'), what: 'waybill' }],
    });
    const res = evaluate([r], {
      detect: scripted([
        at(t, '张', 'name'),
        at(t, '1381234567890', 'phone'),
        at(t, '8-2-1033', 'pickupCode'),
      ]),
    });
    expect(score(res, 'name')).toBeUndefined();
    expect(score(res, 'phone')).toMatchObject({ fp: 1 });
    expect(score(res, 'pickupCode')).toMatchObject({ tp: 1 });
    expect(res.negativeHits).toEqual([{ id: 'r', what: 'waybill', kind: 'phone' }]);

    const neg = rec('我马上到王府井了', [], {
      subset: 'hard-negative',
      negatives: [{ start: 1, end: 3, what: 'word' }],
    });
    const anywhere = evaluate([neg], { detect: scripted([{ kind: 'address', start: 4, end: 7 }]) });
    expect(anywhere.negativeHits).toEqual([{ id: 'r', what: 'hard-negative text', kind: 'address' }]);
  });

  it('reports subsets apart and names every missed target', () => {
    const a = rec('Parcel for Sarah Lee', [at('Parcel for Sarah Lee', 'Sarah Lee', 'name')], {
      id: 'a',
      subset: 'romanized',
    });
    const b = rec('收件人：李娜', [at('收件人：李娜', '李娜', 'name')], {
      id: 'b',
      subset: 'structured-log',
    });
    const res = evaluate([a, b], { detect: (s) => (s.includes('李娜') ? [at(s, '李娜', 'name')] : []) });
    expect(res.subsets['romanized']?.kinds[0]).toMatchObject({ kind: 'name', tp: 0, fn: 1 });
    expect(res.subsets['structured-log']?.kinds[0]).toMatchObject({ kind: 'name', tp: 1 });
    const missed = missedTargets(res);
    expect(missed.some((m) => m.startsWith('name: F1'))).toBe(true);
    expect(missed.some((m) => m.startsWith('name (romanized)'))).toBe(true);
    expect(missed.some((m) => m.startsWith('name (structured-log)'))).toBe(false);
    const perfect = evaluate([a, b], {
      detect: (s) => [at(s, s.includes('李娜') ? '李娜' : 'Sarah Lee', 'name')],
    });
    expect(missedTargets(perfect)).toEqual([]);
  });

  it('selects a split, keeping records without one in every split', () => {
    const rs = [rec('a', [], { split: 'tune' }), rec('b', [], { split: 'heldout' }), rec('c', [])];
    expect(selectSplit(rs, 'heldout').map((r) => r.text)).toEqual(['b', 'c']);
    expect(selectSplit(rs, 'tune').map((r) => r.text)).toEqual(['a', 'c']);
    expect(selectSplit(rs, 'all')).toHaveLength(3);
  });
});
