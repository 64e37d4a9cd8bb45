import { describe, expect, it } from 'vitest';
import { planInspections } from './inspection-plan';

describe('planInspections', () => {
  it('plans each piece on its cycle from its last inspection', () => {
    const plan = planInspections([{ id: 1, cycleDays: 7, lastInspectedOn: '2026-11-20' }], '2026-11-22', 30);
    expect(plan.map((t) => t.dueOn)).toEqual(['2026-11-27', '2026-12-04', '2026-12-11', '2026-12-18']);
  });

  it('puts an overdue piece on today and continues from there; daily pieces every day', () => {
    const plan = planInspections(
      [
        { id: 2, cycleDays: 30, lastInspectedOn: '2026-09-01' },
        { id: 3, cycleDays: 1, lastInspectedOn: '2026-11-21' },
      ],
      '2026-11-22',
      3,
    );
    expect(plan).toEqual([
      { equipmentId: 2, dueOn: '2026-11-22' },
      { equipmentId: 3, dueOn: '2026-11-22' },
      { equipmentId: 3, dueOn: '2026-11-23' },
      { equipmentId: 3, dueOn: '2026-11-24' },
    ]);
  });

  it('refuses a cycle shorter than a day', () => {
    expect(() => planInspections([{ id: 4, cycleDays: 0, lastInspectedOn: '2026-11-01' }], '2026-11-22', 7)).toThrow(/at least one day/);
  });
});
