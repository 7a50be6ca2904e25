// The v2 detection corpus is well-formed: size and composition, deterministic split, every label
// valid for its kind, and the file is exactly what its generator writes. This checks the yardstick,
// not the detector's score (`npm run eval:detect -- --check` does that).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIGIT_ZEROS, INVISIBLES, SEPARATORS } from '../fixtures/corpus-v2/evasion.js';
import {
  type CorpusV2Record,
  SUBSETS,
  recordProblems,
  splitOf,
  valueProblem,
} from '../fixtures/corpus-v2/labels.js';
import { buildCorpus, corpusJsonl } from '../fixtures/make-detect-corpus-v2.js';

const file = readFileSync(new URL('../fixtures/detect-corpus-v2.jsonl', import.meta.url), 'utf8');
const corpus = file
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as CorpusV2Record);
const of = (subset: string) => corpus.filter((r) => r.subset === subset);
const spanText = (r: CorpusV2Record, s: { start: number; end: number }) => r.text.slice(s.start, s.end);

describe('detect-corpus-v2.jsonl', () => {
  it('is exactly what make-detect-corpus-v2.ts generates', () => {
    expect(corpusJsonl(buildCorpus()) === file).toBe(true);
  });

  it('has at least 600 texts, 150 of them structured logs and notification templates', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    expect(of('structured-log').length + of('template').length).toBeGreaterThanOrEqual(150);
    const minimum: Record<string, number> = {
      plain: 150,
      'structured-log': 100,
      template: 60,
      romanized: 60,
      evasion: 80,
      'hard-negative': 100,
    };
    for (const s of SUBSETS) expect(of(s).length, s).toBeGreaterThanOrEqual(minimum[s]!);
    expect(corpus.filter((r) => r.source === 'hand').length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((r) => r.id)).size).toBe(corpus.length);
    expect(new Set(corpus.map((r) => r.text)).size).toBe(corpus.length);
  });

  it('splits about 60/40 by a hash of the text, with both parts in every subset', () => {
    for (const r of corpus) expect(r.split, r.id).toBe(splitOf(r.text));
    const tune = corpus.filter((r) => r.split === 'tune').length / corpus.length;
    expect(tune).toBeGreaterThan(0.55);
    expect(tune).toBeLessThan(0.65);
    for (const s of SUBSETS) {
      const share = of(s).filter((r) => r.split === 'heldout').length / of(s).length;
      expect(share, s).toBeGreaterThan(0.25);
      expect(share, s).toBeLessThan(0.55);
    }
  });

  it('labels every span validly for its kind, inside the text, without overlaps', () => {
    const problems = corpus.flatMap(recordProblems);
    expect(problems).toEqual([]);
  });

  it('holds enough gold of every kind the targets name, in the held-out part', () => {
    const held = corpus.filter((r) => r.split === 'heldout');
    const count = (k: string, rs = held) => rs.flatMap((r) => r.spans).filter((s) => s.kind === k).length;
    const minimum: Record<string, number> = {
      name: 150,
      phone: 120,
      address: 60,
      idNumber: 20,
      landline: 12,
      email: 10,
      bankCard: 8,
      pickupCode: 15,
    };
    for (const [k, n] of Object.entries(minimum)) expect(count(k), k).toBeGreaterThanOrEqual(n);
    expect(
      count(
        'name',
        held.filter((r) => r.subset === 'structured-log'),
      ),
    ).toBeGreaterThanOrEqual(40);
    expect(
      count(
        'name',
        held.filter((r) => r.subset === 'romanized'),
      ),
    ).toBeGreaterThanOrEqual(25);
  });

  it('writes names where courier systems write them', () => {
    const names = corpus.flatMap((r) => r.spans.filter((s) => s.kind === 'name').map((s) => ({ r, s })));
    const textBefore = (r: CorpusV2Record, s: { start: number }, re: RegExp) =>
      re.test(r.text.slice(Math.max(0, s.start - 20), s.start));
    const textAfter = (r: CorpusV2Record, s: { end: number }, re: RegExp) =>
      re.test(r.text.slice(s.end, s.end + 6));
    const where = {
      jsonKey: names.filter(({ r, s }) =>
        textBefore(
          r,
          s,
          /"(?:receiverName|consignee|consigneeName|senderName|shipper|name|收件人|sjr|lxr)"\s*:\s*"$/,
        ),
      ),
      keyValue: names.filter(({ r, s }) =>
        textBefore(r, s, /(?:consignee|sender|receiver_name|recipient_name|contact)=$/),
      ),
      greeting: names.filter(
        ({ r, s }) =>
          textAfter(r, s, /^(?:先生|女士)?(?:您好|，您好)/) ||
          textBefore(r, s, /(?:尊敬的|亲爱的)(?:客户)?$/),
      ),
      afterPhone: names.filter(({ r, s }) => textBefore(r, s, /\d[(（]$/)),
      english: names.filter(({ r, s }) => textBefore(r, s, /\b(?:for|to|[Cc]all|ATTN:|c\/o)\s$/)),
      allCapsRomanized: names.filter(({ s, r }) => /^[A-Z]+ [A-Z]+$/.test(spanText(r, s))),
      titleCaseRomanized: names.filter(({ s, r }) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(spanText(r, s))),
    };
    for (const [k, v] of Object.entries(where)) expect(v.length, k).toBeGreaterThanOrEqual(8);
  });

  it('has structured lines of every shape: JSON that parses, key=value, CSV and tables with headers', () => {
    const logs = of('structured-log');
    const json = logs.filter((r) => r.text.startsWith('{'));
    for (const r of json) expect(() => JSON.parse(r.text), r.id).not.toThrow();
    expect(json.length).toBeGreaterThanOrEqual(30);
    const pairs = (r: CorpusV2Record) => (r.text.match(/[\w\u4e00-\u9fff]+=[^\s;&|,"]/g) ?? []).length;
    expect(logs.filter((r) => !r.text.startsWith('{') && pairs(r) >= 2).length).toBeGreaterThanOrEqual(15);
    expect(
      logs.filter(
        (r) => /^(?:运单号|waybill_no|序号|姓名|receiver_name),/.test(r.text) || r.text.includes('\t'),
      ).length,
    ).toBeGreaterThanOrEqual(10);
    expect(logs.filter((r) => /^\| /.test(r.text)).length).toBeGreaterThanOrEqual(3);
    expect(logs.filter((r) => /" \d{3} \d+ "/.test(r.text)).length).toBeGreaterThanOrEqual(3);
  });

  it('labels pickup codes after 取件码 and 提货码, in templates and elsewhere', () => {
    const codes = corpus.flatMap((r) =>
      r.spans.filter((s) => s.kind === 'pickupCode').map((s) => ({ r, s })),
    );
    expect(codes.length).toBeGreaterThanOrEqual(50);
    const word = (w: string) =>
      codes.filter(({ r, s }) => r.text.slice(Math.max(0, s.start - 8), s.start).includes(w)).length;
    expect(word('取件码')).toBeGreaterThanOrEqual(30);
    expect(word('提货码')).toBeGreaterThanOrEqual(5);
    expect(codes.some(({ r, s }) => spanText(r, s) === '8-2-1033')).toBe(true);
    expect(codes.some(({ r, s }) => /^\d{6}$/.test(spanText(r, s)))).toBe(true);
  });

  it('covers every evasion: each invisible character, separator and digit script', () => {
    const ev = of('evasion').flatMap((r) => r.spans.map((s) => spanText(r, s)));
    for (const ch of INVISIBLES)
      expect(
        ev.some((v) => v.includes(ch)),
        `U+${ch.codePointAt(0)!.toString(16)}`,
      ).toBe(true);
    for (const sep of SEPARATORS)
      expect(
        ev.some((v) => /\d/.test(v) && v.includes(sep)),
        sep,
      ).toBe(true);
    for (const [script, zero] of Object.entries(DIGIT_ZEROS)) {
      const digits = Array.from({ length: 10 }, (_, i) => String.fromCodePoint(zero + i));
      expect(
        ev.some((v) => digits.some((d) => v.includes(d))),
        script,
      ).toBe(true);
    }
    expect(ev.some((v) => /^[一二三四五六七八九〇幺]{11}$/.test(v))).toBe(true);
  });

  it('has hard negatives of every kind the issue names, and nothing labelled in hard-negative texts', () => {
    for (const r of of('hard-negative')) expect(r.spans, r.id).toEqual([]);
    const whats = new Set(corpus.flatMap((r) => r.negatives.map((n) => n.what)));
    for (const w of [
      'order',
      'sku',
      'waybill',
      'amount',
      'weight',
      'version',
      'device-id',
      'hotline',
      'bad-id',
      'date',
      'timestamp',
      'word',
    ])
      expect(whats.has(w), w).toBe(true);
    const mobileShaped = corpus.flatMap((r) =>
      r.negatives.filter((n) => /^1[3-9]\d{9}$/.test(spanText(r, n))),
    );
    expect(mobileShaped.length).toBeGreaterThanOrEqual(40);
    expect(corpus.flatMap((r) => r.negatives).some((n) => n.what === 'waybill')).toBe(true);
  });

  it('is described by docs/masking.md with its true counts', () => {
    const doc = readFileSync(new URL('../../docs/masking.md', import.meta.url), 'utf8');
    for (const s of SUBSETS) {
      const row = new RegExp(`^\\| \`${s}\` \\| (\\d+) \\|`, 'm').exec(doc);
      expect(Number(row?.[1]), s).toBe(of(s).length);
    }
    const hand = corpus.filter((r) => r.source === 'hand').length;
    expect(doc).toContain(`${corpus.length} texts written`);
    expect(doc).toContain(`${corpus.length - hand} generated`);
    expect(doc).toContain(`${hand} hand-written`);
  });

  it('the label checks reject what they are for', () => {
    expect(valueProblem('idNumber', '110105199003071230')).toMatch(/check character/);
    expect(valueProblem('idNumber', '110105199002301235')).toBeDefined();
    expect(valueProblem('bankCard', '6222021234567890124')).toMatch(/Luhn/);
    expect(valueProblem('phone', '12812345678')).toBeDefined();
    expect(valueProblem('phone', `138\u200b1234\u200b5678`)).toBeUndefined();
    expect(valueProblem('phone', '𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖')).toBeUndefined();
    expect(valueProblem('name', '张伟 ')).toBeDefined();
    expect(valueProblem('address', '北京市')).toBeDefined();
    const good = corpus.find((r) => r.subset === 'plain' && r.spans.length >= 2)!;
    const shifted = {
      ...good,
      spans: good.spans.map((s, i) => (i === 0 ? { ...s, start: s.start + 1 } : s)),
    };
    expect(recordProblems(shifted).length).toBeGreaterThan(0);
    const overlapping = { ...good, spans: [...good.spans, { ...good.spans[0]! }] };
    expect(recordProblems(overlapping).join()).toMatch(/overlap/);
    const moved = { ...good, split: good.split === 'tune' ? ('heldout' as const) : ('tune' as const) };
    expect(recordProblems(moved).join()).toMatch(/split/);
    const labelled = { ...of('hard-negative')[0]!, spans: [{ start: 0, end: 2, kind: 'name' }] };
    expect(recordProblems(labelled).join()).toMatch(/hard-negative/);
  });
});
