/**
 * What the /hotline screen and the leaders' summary ask: hotspots with their emerging-hotspot score, the
 * statistics of a period, and the small "top hotspots" and "tickets today / this week" answers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { shanghaiDay } from '@/domain/shanghai-time';
import { aggregate, type AggregateRow, type Measures, places, type TicketFilter } from './analysis.repository';
import { addDays, baselineOf, toMs } from '@/domain/periods';

/** How many periods of the same length before the chosen one form its baseline. */
export const BASELINE_PERIODS = 4;
/** A cell is an emerging hotspot at z ≥ this with at least MIN_EMERGING_TICKETS tickets. */
export const EMERGING_Z = 3;
export const MIN_EMERGING_TICKETS = 5;

export interface CellStats {
  cell: string;
  tickets: number;
  overdue: number;
  avgResponseMinutes: number | null;
  avgSatisfaction: number | null;
  /** Expected tickets in a period this long, from the baseline. */
  expected: number;
  /** Poisson z-score of this period against the baseline (see emergingScore). */
  z: number;
  emerging: boolean;
}

/**
 * Emerging-hotspot significance: under the baseline, a cell's count in a period of the same length is taken as
 * Poisson with mean λ = baseline count ÷ BASELINE_PERIODS, whose variance is also λ; z = (observed − λ) / √(λ + 1).
 * The +1 is a pseudo-count so that a cell with no history needs several tickets, not one, to stand out. z ≥ 3 is
 * roughly p < 0.001 one-sided for large λ — rare enough that a screen of ~100 cells seldom shows a false alarm.
 */
export function emergingScore(observed: number, baselineTickets: number, periods = BASELINE_PERIODS): { expected: number; z: number } {
  const expected = baselineTickets / periods;
  return { expected, z: (observed - expected) / Math.sqrt(expected + 1) };
}

const avg = (sum: number, n: number) => (n > 0 ? sum / n : null);

export function cellStats(current: readonly AggregateRow[], baseline: readonly AggregateRow[]): CellStats[] {
  const before = new Map(baseline.map((r) => [r.h3_r8 as string, r.tickets]));
  return current
    .map((r) => {
      const { expected, z } = emergingScore(r.tickets, before.get(r.h3_r8 as string) ?? 0);
      return {
        cell: r.h3_r8 as string,
        tickets: r.tickets,
        overdue: r.overdue,
        avgResponseMinutes: avg(r.responseMinutesSum, r.responded),
        avgSatisfaction: avg(r.satisfactionSum, r.rated),
        expected,
        z,
        emerging: z >= EMERGING_Z && r.tickets >= MIN_EMERGING_TICKETS,
      };
    })
    .sort((a, b) => b.tickets - a.tickets || a.cell.localeCompare(b.cell));
}

export async function hotspots(db: Kysely<Database>, filter: TicketFilter): Promise<CellStats[]> {
  const base = baselineOf(filter.from, filter.to, BASELINE_PERIODS);
  const [current, baseline] = await Promise.all([
    aggregate(db, filter, ['h3_r8']),
    aggregate(db, { ...filter, from: base.from, to: base.to }, ['h3_r8']),
  ]);
  return cellStats(current, baseline);
}

export interface Summary {
  tickets: number;
  overdue: number;
  overdueRate: number | null;
  avgResponseMinutes: number | null;
  avgCloseMinutes: number | null;
  avgSatisfaction: number | null;
  satisfiedRate: number | null;
  closed: number;
}

export function summarise(m: Measures | undefined): Summary {
  if (!m) return { tickets: 0, overdue: 0, overdueRate: null, avgResponseMinutes: null, avgCloseMinutes: null, avgSatisfaction: null, satisfiedRate: null, closed: 0 };
  return {
    tickets: m.tickets,
    overdue: m.overdue,
    overdueRate: avg(m.overdue, m.tickets),
    avgResponseMinutes: avg(m.responseMinutesSum, m.responded),
    avgCloseMinutes: avg(m.closeMinutesSum, m.closed),
    avgSatisfaction: avg(m.satisfactionSum, m.rated),
    satisfiedRate: avg(m.satisfied, m.rated),
    closed: m.closed,
  };
}

// ——— For the leaders' summary (another screen calls these) ———

export interface TopHotspot extends CellStats {
  lng: number | null;
  lat: number | null;
  topAddress: string | null;
  subDistrictCode: string | null;
}

/** The `limit` busiest H3 cells of a period, each with its busiest address. */
export async function topHotspots(db: Kysely<Database>, period: { from: string; to: string }, limit = 5): Promise<TopHotspot[]> {
  const cells = (await hotspots(db, period)).slice(0, limit);
  return Promise.all(
    cells.map(async (c) => {
      const [top] = await places(db, period, { cell: c.cell, limit: 1 });
      return { ...c, lng: top?.lng ?? null, lat: top?.lat ?? null, topAddress: top?.address ?? null, subDistrictCode: top?.subDistrictCode ?? null };
    }),
  );
}

/** Tickets received today and this week (Monday to today), Shanghai time. */
export async function ticketCountsNow(db: Kysely<Database>, now: Date): Promise<{ today: number; thisWeek: number; day: string; weekFrom: string }> {
  const day = shanghaiDay(now);
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7; // Monday = 0
  const weekFrom = addDays(day, -weekday);
  const [today] = await aggregate(db, { from: day, to: day }, []);
  const [week] = await aggregate(db, { from: weekFrom, to: day }, []);
  return { today: today?.tickets ?? 0, thisWeek: week?.tickets ?? 0, day, weekFrom };
}

