import { describe, expect, it } from 'vitest';
import { createRandom } from '@/geo/random';
import { maskedContact, personName, shopName, uniqueDraw, vehiclePlate } from './synthetic-names';

describe('synthetic names', () => {
  const random = createRandom('names');

  it('look like Chinese names, shops, masked contacts and Shanghai plates', () => {
    expect(personName(random)).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    expect(shopName(random)).toMatch(/^[\u4e00-\u9fff]{4,}$/);
    expect(maskedContact(random)).toMatch(/^[\u4e00-\u9fff](先生|女士) 1\d{2}\*{4}\d{4}$/);
    expect(vehiclePlate(random)).toMatch(/^沪A·[A-HJ-NP-Z]\d{4}$/);
  });

  it('are reproducible from the seed', () => {
    const a = createRandom(9);
    const b = createRandom(9);
    expect([personName(a), shopName(a), vehiclePlate(a)]).toEqual([personName(b), shopName(b), vehiclePlate(b)]);
  });

  it('draws unique values, and says so when it runs out', () => {
    const taken = new Set<string>();
    const plates = Array.from({ length: 300 }, () => uniqueDraw(() => vehiclePlate(random), taken));
    expect(new Set(plates).size).toBe(300);
    expect(() => uniqueDraw(() => 'same', new Set(['same']), 5)).toThrow(/no unused value after 5 draws/);
  });
});
