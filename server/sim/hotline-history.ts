/**
 * A realistic, deterministic 12345 ticket history over the real gazetteer (issue 5, item 1): three years by
 * default, with a weekly rhythm (Mondays busiest, weekends quiet), a seasonal swell (summer), Spring Festival
 * dips, a slow upward trend, a few typhoon days (fallen trees), a category mix that follows the seasons, a
 * dozen persistent hotspots (same address, same problem, all year), a few emerging ones (the last ~40 days),
 * response and closing times per priority with slower sub-districts, and satisfaction that falls when a ticket
 * is late. The same seed, count and end day give the same tickets, whatever the chunk size.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { apportion } from '@/db/seed/apportion';
import { createRandom, type Random } from '@/geo/random';
import {
  addressedPlaces,
  dropIndex,
  hasHotlineTickets,
  orderCategoriesInOrder,
  recreateIndex,
  ticketLookupIndexes,
  vacuumAnalyzeTickets,
} from './demo-data.repository';
import { insertTickets, type NewTicket, RollupDelta } from '@/server/hotline/tickets.repository';

export interface Place {
  address: string;
  subDistrictCode: string;
  lng: number;
  lat: number;
}

export interface TicketCategory {
  code: string;
  nameZh: string;
  defaultPriority: number;
}

export interface GeneratorOptions {
  count: number;
  /** The last day of the history (Asia/Shanghai, YYYY-MM-DD). */
  endDay: string;
  days?: number;
  seed?: string;
  /** The moment the history is recorded: tickets younger than their closing time are still open. */
  now: Date;
}

export const HOTLINE_SEED = 'onemap-hotline-2026';
export const DEFAULT_HISTORY_DAYS = 1095;
/** First start in demo mode: enough for every view, quick to write (≈ 5 s embedded). */
export const DEMO_HISTORY_TICKETS = 50_000;

/** Share of tickets per category (‰-ish weights), from the bureau's usual 12345 mix. */
const CATEGORY_WEIGHTS: Record<string, number> = {
  'cityscape.outdoor_business': 9,
  'cityscape.dumping': 8,
  'cityscape.street_vending': 10,
  'cityscape.frontage_duty': 4,
  'cityscape.illegal_ads': 4,
  'cityscape.illegal_posting': 5,
  'cityscape.construction_waste': 4,
  'sanitation.road_cleaning': 9,
  'sanitation.road_washing': 3,
  'sanitation.bin_overflow': 9,
  'sanitation.collection_overdue': 5,
  'sanitation.toilet_cleaning': 3,
  'sanitation.facility_damage': 3,
  'greening.fallen_tree': 3,
  'greening.pruning': 6,
  'greening.damage': 3,
  'greening.pests': 2,
  'lighting.not_lit': 4,
  'lighting.damaged': 2,
  'kiosk.software': 0.5,
  'kiosk.hardware': 0.5,
  'other.unclear': 3,
};

/** Month (0–11) multipliers of categories that follow the seasons. */
function seasonalFactor(category: string, month: number): number {
  const summer = month >= 5 && month <= 8;
  switch (category) {
    case 'greening.pests':
      return summer ? 3 : month === 4 || month === 9 ? 1.5 : 0.4;
    case 'greening.pruning':
      return month >= 3 && month <= 8 ? 1.6 : 0.6;
    case 'greening.fallen_tree':
      return summer ? 1.8 : 0.7;
    case 'lighting.not_lit':
      return month >= 10 || month <= 1 ? 1.5 : 0.8;
    case 'sanitation.bin_overflow':
      return summer ? 1.3 : 1;
    case 'cityscape.outdoor_business':
    case 'cityscape.street_vending':
      return summer ? 1.4 : month <= 1 ? 0.7 : 1;
    default:
      return 1;
  }
}

const WEEKDAY_FACTOR = [0.85, 1.12, 1.05, 1, 1, 0.98, 0.88]; // Sunday … Saturday
/** Calls by hour of day: quiet at night, peaks mid-morning and early afternoon, a smaller evening one. */
const HOUR_WEIGHTS = [0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.4, 2.6, 3.4, 3.5, 3, 2.2, 2.6, 3, 3, 2.7, 2.2, 1.8, 1.9, 1.8, 1.3, 0.8, 0.5];
/** Spring Festival eves: calls drop for about two weeks around them. */
const SPRING_FESTIVALS = ['2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26'].map((d) =>
  Date.parse(`${d}T00:00:00Z`),
);
/** Closing time limit (days) of a 12345 ticket by priority level (办结时限). */
const CLOSE_LIMIT_DAYS: Record<number, number> = { 1: 1, 2: 2, 3: 5, 4: 7 };
const PERSISTENT_CATEGORIES = [
  'cityscape.street_vending',
  'cityscape.outdoor_business',
  'sanitation.bin_overflow',
  'cityscape.dumping',
  'sanitation.road_cleaning',
  'cityscape.illegal_posting',
];
const EMERGING_CATEGORIES = ['cityscape.construction_waste', 'sanitation.collection_overdue', 'greening.damage', 'lighting.not_lit'];
const EMERGING_DAYS = 40;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Index into a cumulative weight table by binary search: O(log n) per draw over a thousand places. */
function cumulative(weights: readonly number[]): Float64Array {
  const table = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (table[i] = sum += w));
  return table;
}
function draw(table: Float64Array, random: Random): number {
  const target = random.next() * table[table.length - 1];
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function dayWeight(dayMs: number, startMs: number, typhoonDays: ReadonlySet<number>): number {
  const date = new Date(dayMs);
  const doy = (dayMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  const season = 1 + 0.22 * Math.sin((2 * Math.PI * (doy - 100)) / 365);
  const trend = 1 + (0.08 * (dayMs - startMs)) / (365 * DAY_MS);
  const festival = SPRING_FESTIVALS.some((f) => Math.abs(dayMs - f) <= 7 * DAY_MS) ? 0.6 : 1;
  return WEEKDAY_FACTOR[date.getUTCDay()] * season * trend * festival * (typhoonDays.has(dayMs) ? 2.2 : 1);
}

export interface HistoryPlan {
  /** Tickets per day, oldest first. */
  days: Array<{ day: string; count: number }>;
  persistent: Array<{ place: Place; category: string }>;
  emerging: Array<{ place: Place; category: string }>;
  /** Yields every ticket, day by day, in time order. */
  tickets(): Generator<NewTicket>;
}

export function planHistory(places: readonly Place[], categories: readonly TicketCategory[], options: GeneratorOptions): HistoryPlan {
  if (places.length === 0) throw new Error('no addressed places to put tickets on: seed the gazetteer first');
  const random = createRandom(options.seed ?? HOTLINE_SEED);
  const totalDays = options.days ?? DEFAULT_HISTORY_DAYS;
  const endMs = Date.parse(`${options.endDay}T00:00:00Z`);
  const startMs = endMs - (totalDays - 1) * DAY_MS;
  const dayList = Array.from({ length: totalDays }, (_, i) => startMs + i * DAY_MS);

  const typhoonRandom = random.fork('typhoons');
  const typhoonDays = new Set(dayList.filter((d) => [6, 7, 8].includes(new Date(d).getUTCMonth()) && typhoonRandom.chance(0.025)));
  const counts = apportion(
    options.count,
    dayList.map((d) => dayWeight(d, startMs, typhoonDays)),
  );

  const placeRandom = random.fork('places');
  const placeTable = cumulative(places.map(() => Math.exp(placeRandom.gaussian(0, 0.6))));
  const picks = placeRandom.shuffle(places.map((_, i) => i));
  const persistent = picks
    .slice(0, 12)
    .map((i, k) => ({ place: places[i], category: PERSISTENT_CATEGORIES[k % PERSISTENT_CATEGORIES.length] }));
  const emerging = picks.slice(12, 16).map((i, k) => ({ place: places[i], category: EMERGING_CATEGORIES[k % EMERGING_CATEGORIES.length] }));
  const subDistricts = [...new Set(places.map((p) => p.subDistrictCode))].sort();
  const slowness = new Map(subDistricts.map((s) => [s, placeRandom.range(0.75, 1.35)]));

  const known = categories.filter((c) => c.code in CATEGORY_WEIGHTS);
  const categoryByCode = new Map(known.map((c) => [c.code, c]));
  const monthTables = Array.from({ length: 12 }, (_, m) =>
    cumulative(known.map((c) => CATEGORY_WEIGHTS[c.code] * seasonalFactor(c.code, m))),
  );
  const hourTable = cumulative(HOUR_WEIGHTS);
  const seed = options.seed ?? HOTLINE_SEED;
  const now = options.now;

  function* tickets(): Generator<NewTicket> {
    for (let d = 0; d < dayList.length; d++) {
      const dayMs = dayList[d];
      const day = new Date(dayMs).toISOString().slice(0, 10);
      // Every day draws from its own stream: the same day is the same whatever came before it.
      const r = createRandom(`${seed}|${day}`);
      const month = new Date(dayMs).getUTCMonth();
      const emergingShare = dayMs > endMs - EMERGING_DAYS * DAY_MS ? 0.25 * (1 - (endMs - dayMs) / (EMERGING_DAYS * DAY_MS)) : 0;
      const times = Array.from({ length: counts[d] }, () => (draw(hourTable, r) + r.next()) * 3_600_000).sort((a, b) => a - b);
      for (let k = 0; k < times.length; k++) {
        const receivedAt = new Date(dayMs - SHANGHAI_OFFSET_MS + Math.floor(times[k]));
        let place: Place;
        let categoryCode: string;
        const roll = r.next();
        if (roll < 0.1) {
          const hotspot = persistent[Math.floor(r.next() * persistent.length)];
          place = hotspot.place;
          categoryCode = r.chance(0.8) ? hotspot.category : known[draw(monthTables[month], r)].code;
        } else if (roll < 0.1 + emergingShare) {
          const hotspot = emerging[Math.floor(r.next() * emerging.length)];
          place = hotspot.place;
          categoryCode = hotspot.category;
        } else {
          place = places[draw(placeTable, r)];
          categoryCode = known[draw(monthTables[month], r)].code;
        }
        if (typhoonDays.has(dayMs) && r.chance(0.3)) categoryCode = 'greening.fallen_tree';
        const category = categoryByCode.get(categoryCode) ?? known[0];
        const limitMinutes = CLOSE_LIMIT_DAYS[category.defaultPriority] * 1440;
        const slow = slowness.get(place.subDistrictCode) ?? 1;
        const responseMinutes = Math.round(Math.exp(r.gaussian(Math.log(45 * slow), 0.9)));
        const closeMinutes = Math.max(responseMinutes + 10, Math.round(Math.exp(r.gaussian(Math.log(0.32 * limitMinutes * slow), 0.7))));
        const respondedAt = new Date(receivedAt.getTime() + responseMinutes * 60_000);
        const closedAt = new Date(receivedAt.getTime() + closeMinutes * 60_000);
        const closed = closedAt <= now;
        const late = closeMinutes > limitMinutes;
        let satisfaction: number | null = null;
        if (closed && r.chance(0.75)) {
          const score = 4.4 - (late ? 1.4 : 0) - 0.4 * (closeMinutes / limitMinutes) + r.gaussian(0, 0.8);
          satisfaction = Math.min(5, Math.max(1, Math.round(score)));
        }
        const jitter = 9 / 111_000; // ≈ 9 m: callers describe the same doorway from a few steps apart
        yield {
          code: `12345-${day.replaceAll('-', '')}-${String(k + 1).padStart(5, '0')}`,
          receivedAt,
          categoryCode: category.code,
          subDistrictCode: place.subDistrictCode,
          address: place.address,
          description: `${category.nameZh}：${place.address}附近`,
          lng: place.lng + r.gaussian(0, jitter),
          lat: place.lat + r.gaussian(0, jitter),
          dueAt: new Date(receivedAt.getTime() + limitMinutes * 60_000),
          respondedAt: respondedAt <= now ? respondedAt : null,
          closedAt: closed ? closedAt : null,
          satisfaction,
          synthetic: true,
        };
      }
    }
  }

  return {
    days: dayList.map((d, i) => ({ day: new Date(d).toISOString().slice(0, 10), count: counts[i] })),
    persistent,
    emerging,
    tickets,
  };
}

export async function loadPlaces(db: Kysely<Database>): Promise<Place[]> {
  return addressedPlaces(db);
}

export async function loadCategories(db: Kysely<Database>): Promise<TicketCategory[]> {
  const rows = await orderCategoriesInOrder(db);
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, defaultPriority: r.default_priority }));
}

export interface GenerateResult {
  tickets: number;
  ms: number;
}

/** Below this many tickets into an empty table, keeping the indexes up to date as we go is cheap enough. */
export const DEFER_INDEXES_FROM = 100_000;

/**
 * A large history into an empty table: its lookup indexes (not the primary key or the unique ticket code) are
 * dropped and rebuilt once at the end — one sort per index instead of a million random index insertions. Their
 * definitions are read back from the catalog, so the migrations stay the only place they are written; they are
 * rebuilt even when writing fails.
 */
async function withDeferredIndexes<T>(db: Kysely<Database>, defer: boolean, work: () => Promise<T>): Promise<T> {
  if (!defer) return work();
  const indexes = await ticketLookupIndexes(db);
  for (const index of indexes) await dropIndex(db, index);
  try {
    return await work();
  } finally {
    for (const index of indexes) await recreateIndex(db, index);
  }
}

/**
 * Writes the planned history in chunks; each chunk's tickets and its rollup counts commit together, so the
 * rollups always equal the tickets, even if a long run is interrupted.
 */
export async function generateHistory(
  db: Kysely<Database>,
  options: GeneratorOptions,
  chunk = 50_000,
  deferIndexesFrom = DEFER_INDEXES_FROM,
): Promise<GenerateResult> {
  const started = performance.now();
  const plan = planHistory(await loadPlaces(db), await loadCategories(db), options);
  const written = await withDeferredIndexes(db, !(await hasHotlineTickets(db)) && options.count >= deferIndexesFrom, () =>
    writeAll(db, plan.tickets(), options.now, chunk),
  );
  // After a bulk load: fresh statistics for the planner, and the visibility map set so the drill-downs' covering
  // index (migration 0010) is read index-only. The embedded database has no autovacuum to do it later.
  await vacuumAnalyzeTickets(db);
  return { tickets: written, ms: Math.round(performance.now() - started) };
}

async function writeAll(db: Kysely<Database>, tickets: Iterable<NewTicket>, now: Date, chunk: number): Promise<number> {
  let buffer: NewTicket[] = [];
  let written = 0;
  const write = async () => {
    const rows = buffer;
    buffer = [];
    await db.transaction().execute(async (trx) => {
      const delta = new RollupDelta();
      written += await insertTickets(trx, rows, delta, now);
      await delta.flush(trx);
    });
  };
  for (const ticket of tickets) {
    buffer.push(ticket);
    if (buffer.length >= chunk) await write();
  }
  if (buffer.length) await write();
  return written;
}

/** First start: a smaller history (the option `--tickets` loads more) unless tickets already exist. */
export async function seedHotlineHistory(db: Kysely<Database>, options: GeneratorOptions): Promise<GenerateResult | null> {
  if (await hasHotlineTickets(db)) return null;
  return generateHistory(db, options);
}
