import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from './catalog-file';

describe('the seed-001 service catalogue', () => {
  it('loads 29 items and 37 priced lines with exact prices', () => {
    const catalog = loadServiceCatalog();
    expect(catalog.items).toBe(29);
    expect(catalog.lines).toHaveLength(37);
    expect(catalog.lines.every((l) => l.ceilingPriceHao > 0n)).toBe(true);
    expect(catalog.lines.find((l) => l.itemNo === 9)?.ceilingPriceHao).toBe(40n); // 0.004 元 per call
  });
});
