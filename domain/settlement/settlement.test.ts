import { describe, expect, it } from 'vitest';
import { deadlineOf, latenessOf, rectificationDueOn, reportSchedule, revisionDueOn, serviceMonth } from './deadlines';
import { adjustmentOf, DEFAULT_GRADE_ADJUSTMENTS, gradeOf, scoreSheetProblems, scoreTotals } from './evaluation';
import { INDICATORS } from './indicators';
import { computePayment } from './payments';
import { basisPointsOf, haoOfYuanText, lineAmountFen, yuanOfHao } from './settlement-money';
import { computeStatement, settlementCap, type StatementInput } from './statement';
import { addWorkingDays, workCalendar, workingDaysLate, yearCalendarProblems } from './working-days';

const calendar = workCalendar();

describe('working days on the official calendar', () => {
  it('skips the National Day holiday and counts the adjusted working Saturday (2025 and 2026)', () => {
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked.
    expect(addWorkingDays(calendar, '2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays(calendar, '2025-09-30', 3)).toBe('2025-10-11');
    expect(addWorkingDays(calendar, '2025-09-26', 1)).toBe('2025-09-28');
    // 2026: 1–7 October off; Saturday 10 October worked. September's report is due on the 10th working day.
    expect(deadlineOf(calendar, 'monthly', '2026-01', '2026-09')).toEqual({ periodEnd: '2026-09-30', dueOn: '2026-10-20' });
    expect(latenessOf(calendar, '2026-10-20', '2026-10-21')).toEqual({ late: true, workingDaysLate: 1 });
    expect(latenessOf(calendar, '2026-10-20', '2026-10-20')).toEqual({ late: false, workingDaysLate: 0 });
  });

  it('skips the Spring Festival holiday and counts its adjusted working weekends (2026)', () => {
    // 2026: 15–23 February off; Saturdays 14 and 28 February worked.
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(addWorkingDays(calendar, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(calendar, '2026-02-14', 1)).toBe('2026-02-24');
    // January's report is due before the festival; a revision asked for on 12 February crosses it.
    expect(deadlineOf(calendar, 'monthly', '2026-01', '2026-01').dueOn).toBe('2026-02-13');
    expect(revisionDueOn(calendar, 'monthly', '2026-02-12')).toBe('2026-03-04');
    expect(workingDaysLate(calendar, '2026-02-13', '2026-02-24')).toBe(2);
  });

  it('uses an administrator’s year where the library has none, and refuses a contradictory entry', () => {
    expect(calendar.sourceOf(2026)).toBe('library');
    expect(calendar.sourceOf(2031)).toBe('weekdays');
    const entered = workCalendar([{ year: 2031, holidays: ['2031-10-01', '2031-10-02', '2031-10-03'], workdays: ['2031-10-11'] }]);
    expect(entered.sourceOf(2031)).toBe('override');
    expect(addWorkingDays(entered, '2031-09-30', 1)).toBe('2031-10-06');
    expect(addWorkingDays(entered, '2031-10-10', 1)).toBe('2031-10-11');
    expect(yearCalendarProblems({ year: 2031, holidays: ['2031-10-04'], workdays: ['2031-10-06'] })).toHaveLength(2);
  });

  it('dates the stage and yearly materials 20 working days after their period, revisions 15 after submission', () => {
    expect(deadlineOf(calendar, 'stage9', '2026-01', 'S9')).toEqual({ periodEnd: '2026-09-30', dueOn: '2026-11-03' });
    expect(deadlineOf(calendar, 'stage6', '2026-01', 'S6').periodEnd).toBe('2026-06-30');
    expect(revisionDueOn(calendar, 'stage9', '2026-09-30')).toBe('2026-10-27');
    expect(serviceMonth('2026-04', 12)).toBe('2027-03');
    expect(reportSchedule('2026-01')).toHaveLength(15);
  });
});

describe('settlement money', () => {
  it('keeps sub-分 prices exact and rounds each figure once, half up', () => {
    expect(haoOfYuanText('0.004')).toBe(40n);
    expect(haoOfYuanText('45000')).toBe(450_000_000n);
    expect(haoOfYuanText('0.00001')).toBeNull();
    expect(yuanOfHao(40n)).toBe('0.004');
    expect(yuanOfHao(450_000_000n)).toBe('45,000.00');
    expect(lineAmountFen(40n, 1_440_000_000n)).toBe(576_000_000n); // 0.004 元 × 1.44 亿 calls = 5,760,000.00 元
    expect(lineAmountFen(40n, 1n)).toBe(0n); // 0.4 分 rounds down
    expect(lineAmountFen(50n, 1n)).toBe(1n); // 0.5 分 rounds up
    expect(basisPointsOf(1_000_050n, 300)).toBe(30_002n); // 30,001.5 分 → 30,002
  });
});

const baseStatement = (over: Partial<StatementInput> = {}): StatementInput => ({
  kind: 'yearly',
  months: ['2026-01', '2026-02'],
  lines: [
    { lineId: 1, label: 'a', unitPriceHao: 10_000_000n, acceptedQuantity: 100n, byMonth: { '2026-01': 60n, '2026-02': 40n } },
    { lineId: 2, label: 'b', unitPriceHao: null, acceptedQuantity: 5n, byMonth: { '2026-01': 5n } },
  ],
  lateReports: [],
  adjustment: { basisPoints: 0, grade: null },
  awardedTotalFen: 1_000_000n,
  budgetFen: 10_000_000n,
  ...over,
});

describe('the settlement statement', () => {
  it('takes 3 % of the late month’s amount and of the period’s own for its late report, with the reason', () => {
    const late = { dueOn: '2026-02-24', submittedOn: '2026-02-25', workingDaysLate: 1 };
    const s = computeStatement(
      baseStatement({
        awardedTotalFen: 100_000_000n,
        lateReports: [
          { kind: 'monthly', period: '2026-01', months: ['2026-01'], ...late },
          { kind: 'yearly', period: 'Y', months: ['2026-01', '2026-02'], ...late },
        ],
      }),
    );
    expect(s.grossFen).toBe(10_000_000n); // 100 × 1,000.00 元
    expect(s.unpricedLines).toBe(1);
    expect(s.deductions.map((d) => [d.baseFen, d.amountFen])).toEqual([
      [6_000_000n, 180_000n],
      [10_000_000n, 300_000n],
    ]);
    expect(s.settledFen).toBe(10_000_000n - 480_000n);
  });

  it('caps the settled total at the awarded total + 10 % and at the approved budget, and says which bound', () => {
    expect(settlementCap(1_000_000n, 10_000_000n)).toMatchObject({ limitFen: 1_100_000n, bindsBy: 'award' });
    const overAward = computeStatement(baseStatement({ awardedTotalFen: 9_000_000n }));
    expect(overAward.cap).toMatchObject({ applied: true, limitFen: 9_900_000n, bindsBy: 'award', cutFen: 100_000n });
    expect(overAward.settledFen).toBe(9_900_000n);
    const overBudget = computeStatement(baseStatement({ awardedTotalFen: 9_000_000n, budgetFen: 9_500_000n }));
    expect(overBudget.cap).toMatchObject({ applied: true, limitFen: 9_500_000n, bindsBy: 'budget' });
    const within = computeStatement(baseStatement({ awardedTotalFen: 9_100_000n }));
    expect(within.cap.applied).toBe(false);
    expect(within.settledFen).toBe(10_000_000n);
  });

  it('adjusts by the grade after the deductions', () => {
    expect(gradeOf(900)).toBe('excellent');
    expect(gradeOf(899)).toBe('good');
    expect(gradeOf(800)).toBe('good');
    expect(gradeOf(700)).toBe('fair');
    expect(gradeOf(600)).toBe('pass');
    expect(gradeOf(599)).toBe('fail');
    const bp = adjustmentOf(DEFAULT_GRADE_ADJUSTMENTS, 'pass');
    expect(bp).toBe(-500);
    const s = computeStatement(baseStatement({ awardedTotalFen: 100_000_000n, adjustment: { basisPoints: bp, grade: 'pass' } }));
    expect(s.adjustmentFen).toBe(-500_000n);
    expect(s.settledFen).toBe(9_500_000n);
  });
});

describe('performance evaluation', () => {
  it('has the seed’s 10 indicators of 100 points over 64 sub-items', () => {
    expect(INDICATORS).toHaveLength(10);
    expect(INDICATORS.reduce((sum, i) => sum + i.points, 0)).toBe(100);
    expect(INDICATORS.flatMap((i) => i.items)).toHaveLength(64);
    for (const i of INDICATORS) expect(i.items.reduce((sum, item) => sum + item.points, 0)).toBe(i.points);
  });

  it('totals a sheet, wants evidence for every deduction, and gives a failing grade 20 working days to rectify', () => {
    const full = INDICATORS.flatMap((i) => i.items.map((item) => ({ item: item.no, scoreTenths: item.points * 10, evidence: '' })));
    expect(scoreSheetProblems(full)).toEqual([]);
    expect(scoreTotals(full)).toMatchObject({ totalTenths: 1000, grade: 'excellent' });
    const cut = full.map((s) => (s.item === 1 ? { ...s, scoreTenths: 5 } : s));
    expect(scoreSheetProblems(cut)).toEqual(['sub-item 1: a deduction needs its evidence']);
    expect(scoreSheetProblems(full.slice(1))).toEqual(['1 sub-items are not scored']);
    expect(rectificationDueOn(calendar, '2026-09-25')).toBe('2026-10-29');
  });
});

describe('the four payments', () => {
  const awarded = 100_000_000n; // 1,000,000.00 元
  it('pays 50 % in advance', () => {
    expect(computePayment({ no: 1, awardedFen: awarded, paidBeforeFen: 0n, basisFen: null })).toMatchObject({
      amountFen: 50_000_000n,
      capApplied: false,
    });
  });
  it('pays the 9-month amount less the advance, advance + second at most 70 %', () => {
    const capped = computePayment({ no: 2, awardedFen: awarded, paidBeforeFen: 50_000_000n, basisFen: 76_000_000n });
    expect(capped).toMatchObject({ dueFen: 26_000_000n, roomFen: 20_000_000n, capApplied: true, amountFen: 20_000_000n });
    expect(computePayment({ no: 2, awardedFen: awarded, paidBeforeFen: 50_000_000n, basisFen: 65_000_000n })).toMatchObject({
      capApplied: false,
      amountFen: 15_000_000n,
    });
  });
  it('pays the yearly amount less all paid, cumulative at most 80 %', () => {
    expect(computePayment({ no: 3, awardedFen: awarded, paidBeforeFen: 70_000_000n, basisFen: 98_000_000n })).toMatchObject({
      capApplied: true,
      amountFen: 10_000_000n,
    });
    expect(computePayment({ no: 3, awardedFen: awarded, paidBeforeFen: 70_000_000n, basisFen: 60_000_000n }).amountFen).toBe(0n);
  });
  it('pays the balance after the final evaluation, nothing when already paid in full', () => {
    expect(computePayment({ no: 4, awardedFen: awarded, paidBeforeFen: 80_000_000n, basisFen: 97_000_000n })).toMatchObject({
      capFen: null,
      amountFen: 17_000_000n,
    });
    expect(computePayment({ no: 4, awardedFen: awarded, paidBeforeFen: 80_000_000n, basisFen: 75_000_000n })).toMatchObject({
      amountFen: 0n,
      overpaidFen: 5_000_000n,
    });
  });
});
