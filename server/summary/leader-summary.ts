/**
 * The leaders' mobile summary (/m): one compact answer for a phone on 4G — today's and this week's figures
 * against the same span last week, a 14-day trend, and what needs a leader's attention now (orders past their
 * limit). Weeks start on Monday, days at 00:00 Asia/Shanghai.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { shanghaiDay, shanghaiDayStart, shanghaiWeekday } from '@/server/orders/clock';
import { dailyCounts, openFigures, overdueOrders, periodFigures } from './order-figures.repository';

export const TREND_DAYS = 14;
export const OVERDUE_LIST_LIMIT = 8;
const DAY_MS = 86_400_000;

const periodSchema = z.object({ received: z.number(), closed: z.number(), closedOnTime: z.number() });

export const leaderSummarySchema = z.object({
  at: z.date(),
  today: periodSchema,
  /** The same span of yesterday (00:00 up to this time of day), so a morning is compared with a morning. */
  yesterdaySoFar: periodSchema,
  week: periodSchema,
  lastWeekSoFar: periodSchema,
  open: z.object({ open: z.number(), nearing: z.number(), overdue: z.number(), escalated: z.number() }),
  trend: z.array(z.object({ day: z.string(), received: z.number(), closed: z.number() })),
  overdue: z.array(
    z.object({
      code: z.string(),
      categoryZh: z.string().nullable(),
      categoryEn: z.string().nullable(),
      subDistrictZh: z.string().nullable(),
      subDistrictEn: z.string().nullable(),
      priority: z.number(),
      status: z.string(),
      resolveBy: z.date(),
      escalationLevel: z.number(),
    }),
  ),
});
export type LeaderSummary = z.infer<typeof leaderSummarySchema>;

/** Every day of the trend window, zero where nothing happened, oldest first. */
export function fillTrend(rows: ReadonlyArray<{ day: string; received: number; closed: number }>, now: Date, days = TREND_DAYS) {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const day = shanghaiDay(new Date(shanghaiDayStart(now, days - 1 - i).getTime() + DAY_MS / 2));
    const row = byDay.get(day);
    return { day, received: row?.received ?? 0, closed: row?.closed ?? 0 };
  });
}

export async function leaderSummary(db: Kysely<Database>, now: Date): Promise<LeaderSummary> {
  const todayStart = shanghaiDayStart(now);
  const weekStart = shanghaiDayStart(now, shanghaiWeekday(now));
  const weekAgo = (at: Date) => new Date(at.getTime() - 7 * DAY_MS);
  const dayAgo = (at: Date) => new Date(at.getTime() - DAY_MS);
  const [today, yesterdaySoFar, week, lastWeekSoFar, open, daily, overdue] = await Promise.all([
    periodFigures(db, todayStart, now),
    periodFigures(db, dayAgo(todayStart), dayAgo(now)),
    periodFigures(db, weekStart, now),
    periodFigures(db, weekAgo(weekStart), weekAgo(now)),
    openFigures(db),
    dailyCounts(db, shanghaiDayStart(now, TREND_DAYS - 1)),
    overdueOrders(db, OVERDUE_LIST_LIMIT),
  ]);
  return { at: now, today, yesterdaySoFar, week, lastWeekSoFar, open, trend: fillTrend(daily, now), overdue };
}
