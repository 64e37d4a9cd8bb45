/**
 * 12345 hotline analysis benchmarks (issue 5, "Speed"), on the embedded database and on PostgreSQL, over a
 * generated three-year history of 1,000,000 tickets (`--hotline-tickets=N` for another size):
 * - generation: how long writing the history takes (tickets, H3 cells and both rollups, chunked transactions);
 * - hotspots: the screen's hotspot aggregation (this period and its 4× baseline, from the day/month rollups) for
 *   random filters (periods from a week to three years, optional categories and sub-districts), p95, target
 *   ≤ 300 ms on PostgreSQL and ≤ 1.5 s embedded; beside it the naive query (raw tickets, point-in-polygon
 *   against the sub-districts, snapped grid cells) and the ratio;
 * - drill-down: sub-districts, categories, places, a place's tickets, one ticket, p95 target ≤ 200 ms.
 */
import { cpus, loadavg } from 'node:os';
import type { DialectName } from '@/db/connect';
import { seedDatabase } from '@/db/seed';
import { createRandom } from '@/geo/random';
import { aggregate, hotspotsNaive, places, type TicketFilter, ticketById, ticketList } from '@/server/hotline/analysis.repository';
import { hotspots } from '@/server/hotline/analysis.service';
import { generateHistory } from '@/server/sim/hotline-history';
import { addDays } from '@/domain/periods';
import { openBenchDatabase } from './dispatch-fixture';
import { median, p95, round, timed } from './stats';

const END_DAY = '2026-11-22';
const NOW = new Date('2026-11-22T15:00:00Z');
const TARGETS: Record<DialectName, number> = { embedded: 1500, postgres: 300 };
const DRILL_TARGET_MS = 200;

const stats = (samples: number[]) => ({ n: samples.length, medianMs: round(median(samples)), p95Ms: round(p95(samples)) });

function randomFilters(count: number, categories: string[], subDistricts: string[]): TicketFilter[] {
  const r = createRandom('hotline-bench-filters');
  const lengths = [7, 30, 30, 90, 365, 1095];
  return Array.from({ length: count }, () => {
    const length = r.pick(lengths);
    const to = addDays(END_DAY, -r.int(0, 30));
    const from = addDays(to, -(length - 1));
    const filter: TicketFilter = { from, to };
    if (r.chance(0.4)) filter.categories = r.shuffle(categories).slice(0, r.int(1, 3));
    if (r.chance(0.3)) filter.subDistricts = r.shuffle(subDistricts).slice(0, r.int(1, 2));
    return filter;
  });
}

async function dialectRun(dialect: DialectName, serverUrl: string | undefined, tickets: number) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    const db = database.db;
    await seedDatabase(db);
    const generated = await generateHistory(db, { count: tickets, endDay: END_DAY, now: NOW });
    const categories = (await db.selectFrom('order_categories').select('code').execute()).map((c) => c.code);
    const subDistricts = (await db.selectFrom('sub_districts').select('code').execute()).map((s) => s.code);
    const filters = randomFilters(60, categories, subDistricts);

    for (const f of filters.slice(0, 5)) await hotspots(db, f); // warm-up
    const hot: number[] = [];
    for (const f of filters) hot.push((await timed(() => hotspots(db, f)))[0]);
    // The naive query reads every matching ticket: fewer samples keep the run short.
    const naive: number[] = [];
    for (const f of filters.slice(0, 12))
      naive.push(
        (
          await timed(() =>
            Promise.all([hotspotsNaive(db, f), hotspotsNaive(db, { ...f, from: addDays(f.from, -4 * 30), to: addDays(f.from, -1) })]),
          )
        )[0],
      );

    const drill = {
      subDistricts: [] as number[],
      categories: [] as number[],
      places: [] as number[],
      tickets: [] as number[],
      ticket: [] as number[],
    };
    for (const f of filters.slice(0, 30)) {
      const base = { from: f.from, to: f.to };
      const [a, bySub] = await timed(() => aggregate(db, base, ['sub_district_code']));
      drill.subDistricts.push(a);
      const sub = bySub.sort((x, y) => y.tickets - x.tickets)[0]?.sub_district_code;
      if (!sub) continue;
      const [b, byCat] = await timed(() => aggregate(db, { ...base, subDistricts: [sub] }, ['category_code']));
      drill.categories.push(b);
      const cat = byCat.sort((x, y) => y.tickets - x.tickets)[0]?.category_code as string;
      const [c, placeRows] = await timed(() => places(db, { ...base, subDistricts: [sub], categories: [cat] }));
      drill.places.push(c);
      const [d, list] = await timed(() => ticketList(db, { ...base, categories: [cat] }, { placeKey: placeRows[0].placeKey }));
      drill.tickets.push(d);
      drill.ticket.push((await timed(() => ticketById(db, list[0].id)))[0]);
    }
    const hotP95 = p95(hot);
    const drillP95 = Math.max(...Object.values(drill).map((s) => p95(s)));
    return {
      dialect,
      tickets: generated.tickets,
      generation: { ms: generated.ms, ticketsPerSecond: Math.round(generated.tickets / (generated.ms / 1000)) },
      rollupRows: {
        day: Number(
          (
            await db
              .selectFrom('hotline_rollup_day')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        month: Number(
          (
            await db
              .selectFrom('hotline_rollup_month')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      },
      hotspots: stats(hot),
      naive: stats(naive),
      ratioNaiveOverRollupP95: round(p95(naive) / hotP95, 1),
      drillDown: Object.fromEntries(Object.entries(drill).map(([k, s]) => [k, stats(s)])),
      targets: { hotspotsP95Ms: TARGETS[dialect], drillDownP95Ms: DRILL_TARGET_MS },
      meetsTargets: { hotspots: hotP95 <= TARGETS[dialect], drillDown: drillP95 <= DRILL_TARGET_MS },
    };
  } finally {
    await database.drop();
  }
}

export async function runHotlineBench(options: { serverUrl?: string; tickets?: number } = {}) {
  const arg = process.argv.find((a) => a.startsWith('--hotline-tickets='));
  const tickets = options.tickets ?? (arg ? Number(arg.split('=')[1]) : 1_000_000);
  const runs = [];
  const skipped: string[] = [];
  for (const dialect of ['postgres', 'embedded'] as const) {
    if (dialect === 'postgres' && !options.serverUrl) {
      skipped.push('postgres: no server URL');
      continue;
    }
    console.log(`   hotline: ${dialect}, ${tickets} tickets …`);
    runs.push(await dialectRun(dialect, options.serverUrl, tickets));
  }
  return { machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0], 2), node: process.version }, runs, skipped };
}
