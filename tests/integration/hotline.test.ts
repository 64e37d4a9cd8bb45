/**
 * 12345 history on both dialects: the generator is deterministic and plausible, and every aggregation read from
 * the rollups equals the same question asked of the raw tickets (also after a rebuild).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '@/db/seed';
import ExcelJS from 'exceljs';
import {
  aggregate,
  aggregateRaw,
  type AggregateRow,
  clusters,
  places,
  repeatedPlaces,
  ticketList,
} from '@/server/hotline/analysis.repository';
import { encodeTable } from '@/server/hotline/export';
import { viewTable } from '@/server/hotline/views';
import { hotspots, ticketCountsNow, topHotspots } from '@/server/hotline/analysis.service';
import { generateHistory, loadCategories, loadPlaces, planHistory } from '@/server/sim/hotline-history';
import { deleteSyntheticTickets, rebuildRollups } from '@/server/hotline/tickets.repository';
import { ManualClock } from '@/server/clock';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { hubHarness, insertUser } from './orders-fixture';

const END = '2026-11-22';
const NOW = new Date('2026-11-22T15:00:00Z');
const COUNT = 12_000;

const ticketIndexes = async (db: TestDatabase['db']) =>
  (
    await sql<{ d: string }>`SELECT indexdef AS d FROM pg_indexes WHERE tablename = 'hotline_tickets' ORDER BY indexname`.execute(db)
  ).rows.map((r) => r.d);

const byKey = (rows: AggregateRow[], key: keyof AggregateRow) => Object.fromEntries(rows.map((r) => [String(r[key]), r]));

describe.each(dialects)('12345 history on %s', (dialect) => {
  let database: TestDatabase;
  let indexesBefore: string[];
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDatabase(database.db);
    indexesBefore = await ticketIndexes(database.db);
    // Written the bulk way (indexes dropped and rebuilt around the load), as a million-ticket history is.
    await generateHistory(database.db, { count: COUNT, endDay: END, now: NOW, days: 365 }, 5_000, 0);
  }, 300_000); // seeding and generating are slow on a busy shared machine
  afterAll(() => database?.drop());

  it('writes exactly the planned tickets, the same ones every time, and leaves every index as the migrations made it', async () => {
    const db = database.db;
    expect(indexesBefore).toHaveLength(7); // incl. the replied-tickets index of migration 0060
    expect(await ticketIndexes(db)).toEqual(indexesBefore);
    const [placesList, categories] = [await loadPlaces(db), await loadCategories(db)];
    const a = [...planHistory(placesList, categories, { count: COUNT, endDay: END, now: NOW, days: 365 }).tickets()];
    const b = [...planHistory(placesList, categories, { count: COUNT, endDay: END, now: NOW, days: 365 }).tickets()];
    expect(a).toEqual(b);
    const stored = await db
      .selectFrom('hotline_tickets')
      .select(['code', 'category_code', 'address'])
      .orderBy('received_at')
      .orderBy('code')
      .execute();
    expect(stored.length).toBe(COUNT);
    expect(new Set(stored.map((s) => s.code))).toEqual(new Set(a.map((t) => t.code)));
  });

  it('has a plausible shape: weekly rhythm, summer swell, a category mix, persistent hotspots, some late and rated tickets', async () => {
    const db = database.db;
    const rows = await aggregateRaw(db, { from: '2025-11-23', to: END }, ['category_code']);
    expect(rows.length).toBeGreaterThanOrEqual(15);
    const total = rows.reduce((s, r) => s + r.tickets, 0);
    expect(total).toBe(COUNT);
    const top = Math.max(...rows.map((r) => r.tickets));
    expect(top / total).toBeLessThan(0.2); // no single category dominates
    const overdue = rows.reduce((s, r) => s + r.overdue, 0) / total;
    expect(overdue).toBeGreaterThan(0.02);
    expect(overdue).toBeLessThan(0.2);
    const rated = rows.reduce((s, r) => s + r.rated, 0) / total;
    expect(rated).toBeGreaterThan(0.5);

    const plan = planHistory(await loadPlaces(db), await loadCategories(db), { count: COUNT, endDay: END, now: NOW, days: 365 });
    const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
    const mondays = plan.days.filter((d) => weekday(d.day) === 1).reduce((s, d) => s + d.count, 0);
    const sundays = plan.days.filter((d) => weekday(d.day) === 0).reduce((s, d) => s + d.count, 0);
    expect(mondays).toBeGreaterThan(sundays * 1.15);
    const july = plan.days.filter((d) => d.day.startsWith('2026-07')).reduce((s, d) => s + d.count, 0);
    const january = plan.days.filter((d) => d.day.startsWith('2026-01')).reduce((s, d) => s + d.count, 0);
    expect(july).toBeGreaterThan(january);

    const busiest = await places(db, { from: '2025-11-23', to: END }, { limit: 3 });
    expect(plan.persistent.map((p) => p.place.address)).toContain(busiest[0].address);
  });

  it('reads the same numbers from the rollups as from the raw tickets, for any grouping and filter', async () => {
    const db = database.db;
    const filters = [
      { from: '2025-11-23', to: END },
      { from: '2026-01-15', to: '2026-04-10', categories: ['cityscape.street_vending', 'sanitation.bin_overflow'] },
      { from: '2026-10-24', to: END, subDistricts: ['310105001'] },
    ];
    for (const filter of filters) {
      for (const key of ['h3_r8', 'sub_district_code', 'category_code'] as const) {
        expect(byKey(await aggregate(db, filter, [key]), key)).toEqual(byKey(await aggregateRaw(db, filter, [key]), key));
      }
    }
    await db.transaction().execute((trx) => rebuildRollups(trx));
    expect(byKey(await aggregate(db, filters[1], ['h3_r8']), 'h3_r8')).toEqual(
      byKey(await aggregateRaw(db, filters[1], ['h3_r8']), 'h3_r8'),
    );
  });

  it('finds the emerging hotspots of the last 30 days and drills down to a place and its tickets', async () => {
    const db = database.db;
    const cells = await hotspots(db, { from: '2026-10-24', to: END });
    expect(cells.reduce((s, c) => s + c.tickets, 0)).toBe((await aggregateRaw(db, { from: '2026-10-24', to: END }, []))[0].tickets);
    expect(cells.some((c) => c.emerging)).toBe(true);
    const top = await topHotspots(db, { from: '2026-10-24', to: END }, 3);
    expect(top).toHaveLength(3);
    expect(top[0].topAddress).toBeTruthy();
    const [place] = await places(db, { from: '2026-10-24', to: END }, { cell: top[0].cell, limit: 1 });
    const list = await ticketList(db, { from: '2026-10-24', to: END }, { placeKey: place.placeKey });
    expect(list.length).toBe(Math.min(200, place.tickets));
    const counts = await ticketCountsNow(db, NOW);
    expect(counts.day).toBe('2026-11-22');
    expect(counts.thisWeek).toBeGreaterThanOrEqual(counts.today);
    expect(counts.today).toBeGreaterThan(0);
  });

  it('drills down sub-district → category → places with every ticket of the filter counted once, through the covering index', async () => {
    const db = database.db;
    const filter = { from: '2025-11-23', to: END };
    const [sub] = (await aggregateRaw(db, filter, ['sub_district_code'])).sort((a, b) => b.tickets - a.tickets);
    const narrowed = { ...filter, subDistricts: [sub.sub_district_code as string] };
    const [cat] = (await aggregateRaw(db, narrowed, ['category_code'])).sort((a, b) => b.tickets - a.tickets);
    const drilled = { ...narrowed, categories: [cat.category_code as string] };
    const rows = await places(db, drilled, { limit: 100_000 });
    expect(rows.reduce((s, r) => s + r.tickets, 0)).toBe(cat.tickets);
    expect(rows.reduce((s, r) => s + r.overdue, 0)).toBe(cat.overdue);
    expect(rows.every((r) => r.subDistrictCode === sub.sub_district_code && r.topCategory === cat.category_code)).toBe(true);
    const top = await db
      .selectFrom('hotline_tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('place_key', '=', rows[0].placeKey)
      .where('sub_district_code', '=', sub.sub_district_code as string)
      .where('category_code', '=', cat.category_code as string)
      .executeTakeFirstOrThrow();
    expect(Number(top.n)).toBe(rows[0].tickets);
    // Served by the covering index (index-only once the table is large enough that the planner prefers it).
    const { rows: plan } = await sql<{
      'QUERY PLAN': string;
    }>`EXPLAIN SELECT place_key, count(*), min(address), avg(ST_X(geom)), count(*) FILTER (WHERE overdue)
      FROM hotline_tickets WHERE sub_district_code = ${sub.sub_district_code} AND category_code = ${cat.category_code}
      AND day BETWEEN ${filter.from}::date AND ${filter.to}::date GROUP BY place_key`.execute(db);
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(
      /(Index Only Scan using|Bitmap Index Scan on) hotline_tickets_sub_cat_day_places_idx/,
    );
  });

  it('finds repeated places (same place, same problem, ≥ N in M days) and clusters of busy places', async () => {
    const db = database.db;
    const plan = planHistory(await loadPlaces(db), await loadCategories(db), { count: COUNT, endDay: END, now: NOW, days: 365 });
    const repeated = await repeatedPlaces(db, { from: '2026-10-24', to: END }, 4, 30);
    expect(repeated.length).toBeGreaterThan(0);
    expect(repeated.every((r) => r.tickets >= 4 && r.firstDay >= '2026-10-24')).toBe(true);
    const hotspotKeys = [...plan.persistent, ...plan.emerging].map((h) => `${h.place.address}|${h.category}`);
    expect(repeated.some((r) => hotspotKeys.includes(`${r.address}|${r.categoryCode}`))).toBe(true);
    // Raising N never adds places.
    expect((await repeatedPlaces(db, { from: '2026-10-24', to: END }, 8, 30)).length).toBeLessThanOrEqual(repeated.length);

    const found = await clusters(db, { from: '2025-11-23', to: END }, 250, 10);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].places).toBeGreaterThanOrEqual(3);
    expect(found[0].tickets).toBeGreaterThanOrEqual(30);
  });

  it('answers every analysis procedure in the shape it declares (tRPC checks each answer against its output schema)', async () => {
    const harness = hubHarness(database, new ManualClock(NOW));
    const analyst = harness.caller(await insertUser(database.db, `analyst-${dialect}`, '王分析', 'hotline_analyst')).hotline;
    const filter = { from: '2026-10-24', to: END };
    const meta = await analyst.meta();
    expect(meta.lastDay).toBe(END);
    const overview = await analyst.overview({ filter });
    expect(overview.summary.tickets).toBe((await aggregateRaw(database.db, filter, []))[0].tickets);
    const [place] = await analyst.places({ filter, cell: overview.cells[0].cell });
    const [ticket] = await analyst.tickets({ filter, placeKey: place.placeKey });
    const detail = await analyst.ticket({ id: ticket.id });
    expect(detail.code).toBe(ticket.code);
    expect(detail.timeline[0].kind).toBe('received');
    expect((await analyst.repeated({ filter, minTickets: 2, days: 30 })).length).toBeGreaterThan(0);
    await analyst.clusters({ filter, radiusMeters: 250, minTickets: 3 });
    expect((await analyst.points({ filter })).points.length).toBe(overview.summary.tickets);
    expect((await analyst.export({ view: 'places', format: 'csv', filter })).fileName).toMatch(/\.csv$/);
  });

  it('exports a view as CSV and XLSX with the same rows the screen reads', async () => {
    const db = database.db;
    const filter = { from: '2026-10-24', to: END };
    const table = await viewTable(db, 'sub_districts', { filter });
    const raw = await aggregateRaw(db, filter, ['sub_district_code']);
    expect(table.rows.reduce((s, r) => s + Number(r.tickets), 0)).toBe(raw.reduce((s, r) => s + r.tickets, 0));
    const csvFile = await encodeTable(table, 'csv', 'x');
    const lines = Buffer.from(csvFile.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('街镇 Sub-district');
    expect(lines).toHaveLength(table.rows.length + 1);
    const xlsx = await encodeTable(table, 'xlsx', 'x');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].rowCount).toBe(table.rows.length + 1);
    expect(workbook.worksheets[0].getRow(2).getCell(3).value).toBe(table.rows[0].tickets);
  });

  it('replaces the synthetic history and keeps the rollups in step', async () => {
    const db = database.db;
    expect(await deleteSyntheticTickets(db)).toBe(COUNT);
    expect(await aggregate(db, { from: '2025-01-01', to: END }, [])).toEqual([]);
  });
});
