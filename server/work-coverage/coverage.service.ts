/**
 * 作业覆盖 (issue 15 part 5): which sanitation road segments were swept or washed on a day, by whom and when, the
 * coverage rate per cleaning grade, and the compactors' transfer-station trips — read from the one position
 * history, under a rule a supervisor may adjust (domain/work-coverage/coverage-rule.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { type CoverageRule, coverageRuleSchema } from '@/domain/work-coverage/coverage-rule';
import { shanghaiDayBounds } from '@/domain/shanghai-time';
import { segmentCoverage, stationTrips } from './coverage.repository';

export interface GradeCoverage {
  grade: string;
  segments: number;
  covered: number;
  /** covered / segments, 0…1 */
  rate: number;
  lengthM: number;
  coveredLengthM: number;
}

/** Cleaning grades as the road ledger writes them, first grade first; a segment without one comes last. */
const GRADES = ['一级', '二级', '三级'];
const gradeRank = (grade: string) => (GRADES.includes(grade) ? GRADES.indexOf(grade) : GRADES.length);

export class WorkCoverageService {
  constructor(private readonly db: Kysely<Database>) {}

  async day(day: string, rule: Partial<CoverageRule> = {}) {
    const settings = coverageRuleSchema.parse(rule);
    const { from, to } = shanghaiDayBounds(day);
    const [rows, trips] = await Promise.all([segmentCoverage(this.db, from, to, settings), stationTrips(this.db, from, to, settings)]);
    const segments = rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      grade: r.grade,
      lengthM: Math.round(r.lengthM),
      share: Math.round(r.share * 1000) / 1000,
      covered: r.share >= settings.minShare,
      firstAt: r.firstAt,
      lastAt: r.lastAt,
      units: r.units ?? [],
    }));
    const grades = new Map<string, GradeCoverage>();
    for (const s of segments) {
      const g = grades.get(s.grade) ?? { grade: s.grade, segments: 0, covered: 0, rate: 0, lengthM: 0, coveredLengthM: 0 };
      g.segments += 1;
      g.lengthM += s.lengthM;
      if (s.covered) {
        g.covered += 1;
        g.coveredLengthM += s.lengthM;
      }
      grades.set(s.grade, g);
    }
    const byGrade = [...grades.values()]
      .map((g) => ({ ...g, rate: g.segments ? Math.round((g.covered / g.segments) * 1000) / 1000 : 0 }))
      .sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade));
    return { day, rule: settings, segments, byGrade, trips };
  }
}
