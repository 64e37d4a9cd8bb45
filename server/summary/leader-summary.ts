/**
 * The leaders' mobile summary (/m): one compact answer for a phone on 4G — today's and this week's figures
 * against the same span last week, a 14-day trend, and what needs a leader's attention now (orders past their
 * limit). Weeks start on Monday, days at 00:00 Asia/Shanghai.
 */
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { subDistrictsWithin } from '@/server/tenancy/scoped-sub-districts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@/db/schema';
import { countOpenAlarms, openAlarmViewRows } from '@/server/alarms/alarms.repository';
import { ticketCountsNow, topHotspots } from '@/server/hotline/analysis.service';
import { shanghaiDay, shanghaiDayStart, shanghaiWeekday } from '@/domain/shanghai-time';
import { dailyCounts, openFigures, overdueOrders, periodFigures, subDistrictNames } from './order-figures.repository';

export const TREND_DAYS = 14;
export const OVERDUE_LIST_LIMIT = 8;
export const HOTSPOT_LIST_LIMIT = 5;
export const ALARM_LIST_LIMIT = 5;
/** Hotspots are this week's in the rolling sense: the last seven Shanghai days, today included. */
const HOTSPOT_DAYS = 7;
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
  hotline: z.object({
    today: z.number(),
    thisWeek: z.number(),
    hotspots: z.array(
      z.object({
        address: z.string().nullable(),
        subDistrictZh: z.string().nullable(),
        subDistrictEn: z.string().nullable(),
        tickets: z.number(),
        expected: z.number(),
        emerging: z.boolean(),
      }),
    ),
  }),
  alarms: z.object({
    open: z.number(),
    critical: z.number(),
    top: z.array(
      z.object({
        id: z.number(),
        level: z.number(),
        type: z.string(),
        objectName: z.string().nullable(),
        objectCode: z.string(),
        status: z.string(),
        firstSeenAt: z.date(),
      }),
    ),
  }),
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

/** The summary of the reader's district (every district's for the city-level role). */
export async function leaderSummary(db: Kysely<Database>, now: Date, scope: DistrictScope = CITY_SCOPE): Promise<LeaderSummary> {
  const subDistricts12345 = await subDistrictsWithin(db, scope);
  const todayStart = shanghaiDayStart(now);
  const weekStart = shanghaiDayStart(now, shanghaiWeekday(now));
  const weekAgo = (at: Date) => new Date(at.getTime() - 7 * DAY_MS);
  const dayAgo = (at: Date) => new Date(at.getTime() - DAY_MS);
  const [today, yesterdaySoFar, week, lastWeekSoFar, open, daily, overdue, tickets, hotspots, alarmCounts, alarms, subDistricts] =
    await Promise.all([
      periodFigures(db, todayStart, now, scope),
      periodFigures(db, dayAgo(todayStart), dayAgo(now), scope),
      periodFigures(db, weekStart, now, scope),
      periodFigures(db, weekAgo(weekStart), weekAgo(now), scope),
      openFigures(db, scope),
      dailyCounts(db, shanghaiDayStart(now, TREND_DAYS - 1), scope),
      overdueOrders(db, OVERDUE_LIST_LIMIT, scope),
      ticketCountsNow(db, now, subDistricts12345),
      topHotspots(
        db,
        { from: shanghaiDay(shanghaiDayStart(now, HOTSPOT_DAYS - 1)), to: shanghaiDay(now), subDistricts: subDistricts12345 },
        HOTSPOT_LIST_LIMIT,
      ),
      countOpenAlarms(db, scope),
      openAlarmViewRows(db, ALARM_LIST_LIMIT, scope),
      subDistrictNames(db),
    ]);
  const subDistrict = new Map(subDistricts.map((s) => [s.code, s]));
  return {
    at: now,
    today,
    yesterdaySoFar,
    week,
    lastWeekSoFar,
    open,
    trend: fillTrend(daily, now),
    overdue,
    hotline: {
      today: tickets.today,
      thisWeek: tickets.thisWeek,
      hotspots: hotspots.map((h) => {
        const area = h.subDistrictCode ? subDistrict.get(h.subDistrictCode) : undefined;
        return {
          address: h.topAddress,
          subDistrictZh: area?.name ?? null,
          subDistrictEn: area?.name_en ?? null,
          tickets: h.tickets,
          expected: h.expected,
          emerging: h.emerging,
        };
      }),
    },
    alarms: {
      ...alarmCounts,
      top: alarms.map((a) => ({
        id: a.id,
        level: a.level,
        type: a.type,
        objectName: a.object_name ?? null,
        objectCode: a.object_code,
        status: a.status,
        firstSeenAt: new Date(a.first_seen_at),
      })),
    },
  };
}
