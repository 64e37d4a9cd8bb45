/**
 * What the /hotline screen and the leaders' summary ask: hotspots with their emerging-hotspot score, the
 * statistics of a period, and the small "top hotspots" and "tickets today / this week" answers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { shanghaiDay } from '@/domain/shanghai-time';
import { AppError } from '@/domain/errors';
import { addDays, baselineOf, daysBetween, toMs } from '@/domain/periods';
import {
  aggregate,
  type AggregateRow,
  type ClusterRow,
  clusters,
  hotlineNames,
  type Measures,
  type PlaceRow,
  places,
  type RepeatedPlace,
  repeatedPlaces,
  type TicketFilter,
  ticketById,
  ticketDayRange,
  ticketList,
  type TicketListRow,
  ticketPoints,
  trend,
} from './analysis.repository';
import type { HotlineMeta, HotlineOverview, TicketDetail } from './analysis.schemas';
import { ticketsOpenAt } from './tickets.repository';

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
  if (!m)
    return {
      tickets: 0,
      overdue: 0,
      overdueRate: null,
      avgResponseMinutes: null,
      avgCloseMinutes: null,
      avgSatisfaction: null,
      satisfiedRate: null,
      closed: 0,
    };
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
export async function topHotspots(db: Kysely<Database>, period: TicketFilter, limit = 5): Promise<TopHotspot[]> {
  const cells = (await hotspots(db, period)).slice(0, limit);
  return Promise.all(
    cells.map(async (c) => {
      const [top] = await places(db, period, { cell: c.cell, limit: 1 });
      return {
        ...c,
        lng: top?.lng ?? null,
        lat: top?.lat ?? null,
        topAddress: top?.address ?? null,
        subDistrictCode: top?.subDistrictCode ?? null,
      };
    }),
  );
}

/** Tickets received today and this week (Monday to today), Shanghai time. */
export async function ticketCountsNow(
  db: Kysely<Database>,
  now: Date,
  /** Only these sub-districts' tickets (a district's reader); absent: all. */
  subDistricts?: readonly string[],
): Promise<{ today: number; thisWeek: number; day: string; weekFrom: string }> {
  const day = shanghaiDay(now);
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7; // Monday = 0
  const weekFrom = addDays(day, -weekday);
  const [today] = await aggregate(db, { from: day, to: day, subDistricts }, []);
  const [week] = await aggregate(db, { from: weekFrom, to: day, subDistricts }, []);
  return { today: today?.tickets ?? 0, thisWeek: week?.tickets ?? 0, day, weekFrom };
}

// ——— The analysis screen's answers (the hotline router calls these) ———

/** Names for the filters and the first and last day with tickets. */
export async function hotlineMeta(db: Kysely<Database>): Promise<HotlineMeta> {
  const [{ categories, subDistricts }, range] = await Promise.all([hotlineNames(db), ticketDayRange(db)]);
  const text = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d ? String(d).slice(0, 10) : null);
  return { categories, subDistricts, firstDay: text(range?.first), lastDay: text(range?.last) };
}

/** A period's statistics, sub-districts, categories, hotspot cells and trend (by month past about a quarter). */
export async function overview(db: Kysely<Database>, filter: TicketFilter): Promise<HotlineOverview> {
  const long = daysBetween(filter.from, filter.to) > 92;
  const [total, bySub, byCat, cells, series] = await Promise.all([
    aggregate(db, filter, []),
    aggregate(db, filter, ['sub_district_code']),
    aggregate(db, filter, ['category_code']),
    hotspots(db, filter),
    trend(db, filter, long ? 'month' : 'day'),
  ]);
  // Each emerging cell is named by its busiest address (a few small reads on the cell index).
  const emerging = cells.filter((c) => c.emerging).slice(0, 12);
  const tops = await Promise.all(emerging.map((c) => places(db, filter, { cell: c.cell, limit: 1 })));
  return {
    emergingPlaces: Object.fromEntries(
      emerging.map((c, i) => [c.cell, tops[i][0] ? { address: tops[i][0].address, subDistrictCode: tops[i][0].subDistrictCode } : null]),
    ),
    summary: summarise(total[0]),
    subDistricts: bySub.map((r) => ({ code: r.sub_district_code as string, ...summarise(r) })).sort((a, b) => b.tickets - a.tickets),
    categories: byCat.map((r) => ({ code: r.category_code as string, ...summarise(r) })).sort((a, b) => b.tickets - a.tickets),
    cells,
    trend: series.map((r) => ({ period: r.period, ...summarise(r) })),
    trendBy: long ? 'month' : 'day',
  };
}

/** One ticket with its life as a timeline: received, responded, due, closed (late or not), rated. */
export async function ticketDetail(db: Kysely<Database>, id: number): Promise<TicketDetail> {
  const t = await ticketById(db, id);
  if (!t) throw new AppError('NOT_FOUND', 'hotline.ticketMissing', 'No such ticket', { id });
  const timeline: TicketDetail['timeline'] = [{ at: t.received_at, kind: 'received' }];
  if (t.responded_at) timeline.push({ at: t.responded_at, kind: 'responded' });
  timeline.push({ at: t.due_at, kind: 'due' });
  if (t.closed_at) timeline.push({ at: t.closed_at, kind: 'closed', late: t.overdue });
  if (t.closed_at && t.satisfaction !== null) timeline.push({ at: t.closed_at, kind: 'rated', score: t.satisfaction });
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { ...t, id: Number(t.id), lng: Number(t.lng), lat: Number(t.lat), timeline };
}

/** The period's tickets as compact [lng, lat, minutes] points, oldest first, at most `limit`. */
export async function playbackPoints(
  db: Kysely<Database>,
  filter: TicketFilter,
  limit: number,
): Promise<{ points: Array<[number, number, number]>; truncated: boolean }> {
  const rows = await ticketPoints(db, filter, limit + 1);
  return {
    points: rows.slice(0, limit).map((r) => [Number(r.lng), Number(r.lat), Number(r.t)] as [number, number, number]),
    truncated: rows.length > limit,
  };
}

/** The busiest places of a period (optionally in one cell), 50 at most. */
export function busiestPlaces(db: Kysely<Database>, filter: TicketFilter, cell?: string): Promise<PlaceRow[]> {
  return places(db, filter, { cell, limit: 50 });
}

/** The tickets at one place or in one cell, newest first. */
export function ticketsAt(db: Kysely<Database>, filter: TicketFilter, at: { placeKey?: string; cell?: string }): Promise<TicketListRow[]> {
  return ticketList(db, filter, at);
}

/** Same place, same problem, at least `minTickets` times in `days` days. */
export function repeatedProblems(db: Kysely<Database>, filter: TicketFilter, minTickets: number, days: number): Promise<RepeatedPlace[]> {
  return repeatedPlaces(db, filter, minTickets, days);
}

/** Dense groups of busy places within `radiusMeters` of each other. */
export function placeClusters(db: Kysely<Database>, filter: TicketFilter, radiusMeters: number, minTickets: number): Promise<ClusterRow[]> {
  return clusters(db, filter, radiusMeters, minTickets);
}

/** The 12345 tickets open at a past moment (the wall's replay), with where they are and whether they were overdue then. */
export async function openTicketsAt(db: Kysely<Database>, at: Date, limit = 500): Promise<OpenTicketAt[]> {
  return (await ticketsOpenAt(db, at, limit)).map((r) => ({
    id: r.id,
    code: r.code,
    receivedAt: new Date(r.received_at).getTime(),
    categoryCode: r.category_code,
    subDistrictCode: r.sub_district_code,
    address: r.address,
    lng: Number(r.lng),
    lat: Number(r.lat),
    overdue: new Date(r.due_at).getTime() < at.getTime(),
  }));
}

export interface OpenTicketAt {
  id: number;
  code: string;
  /** Epoch ms. */
  receivedAt: number;
  categoryCode: string;
  subDistrictCode: string;
  address: string;
  lng: number;
  lat: number;
  overdue: boolean;
}
