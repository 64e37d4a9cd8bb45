import { describe, expect, it } from 'vitest';
import { cellStats, emergingScore, summarise } from './analysis.service';

const row = (cell: string, tickets: number) => ({
  h3_r8: cell,
  tickets,
  overdue: 1,
  responded: tickets,
  responseMinutesSum: tickets * 30,
  closed: tickets,
  closeMinutesSum: 0,
  rated: 2,
  satisfactionSum: 9,
  satisfied: 2,
});

describe('emerging hotspots', () => {
  it('scores a period against the mean of the baseline periods (Poisson z with a +1 pseudo-count)', () => {
    expect(emergingScore(20, 40)).toEqual({ expected: 10, z: 10 / Math.sqrt(11) });
    expect(emergingScore(3, 0).z).toBe(3); // no history: three tickets are just enough to reach z = 3 …
  });

  it('flags a cell only with a high z and enough tickets', () => {
    const cells = cellStats([row('a', 30), row('b', 4), row('c', 12)], [row('a', 40), row('c', 44)]);
    expect(cells.map((c) => [c.cell, c.emerging])).toEqual([
      ['a', true],
      ['c', false],
      ['b', false],
    ]); // … but b has fewer than 5
    expect(cells[0]).toMatchObject({ tickets: 30, expected: 10, avgResponseMinutes: 30, avgSatisfaction: 4.5 });
  });

  it('summarises nothing as no numbers rather than zeros that look measured', () => {
    expect(summarise(undefined)).toMatchObject({ tickets: 0, overdueRate: null, avgSatisfaction: null });
  });
});
