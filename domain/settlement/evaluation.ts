/**
 * 绩效评价 (seed 001 十、（四）): scoring the 64 sub-items of the 10 indicators (100 points), the grade, the
 * adjustment of the settled amount by grade (the rectification a failing grade opens is dated in deadlines.ts, which
 * needs the working-day calendar; this module stays free of it so the browser can grade a score sheet). Scores are kept in tenths of a point (integers), so half points stay exact.
 */
import { z } from 'zod';
import { INDICATORS } from './indicators';

export const GRADES = ['excellent', 'good', 'fair', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

/** 优秀 ≥ 90, 良好 80–90, 一般 70–80, 合格 60–70, 不合格 < 60 (lower bounds inclusive), on tenths of a point. */
export function gradeOf(totalTenths: number): Grade {
  if (totalTenths >= 900) return 'excellent';
  if (totalTenths >= 800) return 'good';
  if (totalTenths >= 700) return 'fair';
  if (totalTenths >= 600) return 'pass';
  return 'fail';
}

/**
 * How each grade adjusts the settled amount, in basis points of the amount after deductions (−500 = −5 %). The seed
 * ties the amount to the grade without giving values; these defaults are ASSUMPTIONS for the bureau to confirm,
 * and the table is versioned and approved by a second person in the app.
 */
export const gradeAdjustmentsSchema = z.object({
  assumption: z.boolean(),
  basisPoints: z.object({
    excellent: z.number().int().min(-10_000).max(1_000),
    good: z.number().int().min(-10_000).max(1_000),
    fair: z.number().int().min(-10_000).max(1_000),
    pass: z.number().int().min(-10_000).max(1_000),
    fail: z.number().int().min(-10_000).max(1_000),
  }),
});
export type GradeAdjustments = z.infer<typeof gradeAdjustmentsSchema>;

export const DEFAULT_GRADE_ADJUSTMENTS: GradeAdjustments = {
  assumption: true,
  basisPoints: { excellent: 0, good: 0, fair: -300, pass: -500, fail: -1_000 },
};

export function adjustmentOf(table: GradeAdjustments, grade: Grade): number {
  return table.basisPoints[grade];
}

/** One sub-item's score (tenths of a point) with the evidence it rests on. */
export interface ItemScore {
  item: number;
  scoreTenths: number;
  evidence: string;
}

const ITEM_MAX = new Map(INDICATORS.flatMap((i) => i.items.map((item) => [item.no, item.points * 10] as const)));

/** What is wrong with a score sheet: unknown or repeated sub-items, scores outside 0…max, a score without evidence. */
export function scoreSheetProblems(scores: readonly ItemScore[]): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const s of scores) {
    const max = ITEM_MAX.get(s.item);
    if (max === undefined) problems.push(`no sub-item ${s.item}`);
    else if (!Number.isInteger(s.scoreTenths) || s.scoreTenths < 0 || s.scoreTenths > max)
      problems.push(`sub-item ${s.item}: ${s.scoreTenths / 10} is outside 0–${max / 10}`);
    if (seen.has(s.item)) problems.push(`sub-item ${s.item} scored twice`);
    seen.add(s.item);
    if (s.scoreTenths < (max ?? 0) && s.evidence.trim() === '') problems.push(`sub-item ${s.item}: a deduction needs its evidence`);
  }
  if (seen.size !== ITEM_MAX.size) problems.push(`${ITEM_MAX.size - seen.size} sub-items are not scored`);
  return problems;
}

/** Totals per indicator and overall, in tenths of a point. */
export function scoreTotals(scores: readonly ItemScore[]) {
  const byItem = new Map(scores.map((s) => [s.item, s.scoreTenths]));
  const indicators = INDICATORS.map((i) => ({
    no: i.no,
    maxTenths: i.points * 10,
    tenths: i.items.reduce((sum, item) => sum + (byItem.get(item.no) ?? 0), 0),
  }));
  const totalTenths = indicators.reduce((sum, i) => sum + i.tenths, 0);
  return { indicators, totalTenths, grade: gradeOf(totalTenths) };
}
