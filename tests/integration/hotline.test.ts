/**
 * 12345 history on both dialects: the generator is deterministic and plausible, and every aggregation read from
 * the rollups equals the same question asked of the raw tickets (also after a rebuild).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '@/db/seed';
import { aggregate, aggregateRaw, type AggregateRow, places, ticketList } from '@/server/hotline/analysis.repository';
import { hotspots, ticketCountsNow, topHotspots } from '@/server/hotline/analysis.service';
import { generateHistory, loadCategories, loadPlaces, planHistory } from '@/server/hotline/generator';
import { deleteSyntheticTickets, rebuildRollups } from '@/server/hotline/ticket-writer';
import { dialects, freshDatabase, type TestDatabase } from './databases';

const END = '2026-11-22';
const NOW = new Date('2026-11-22T15:00:00Z');
const COUNT = 12_000;

const byKey = (rows: AggregateRow[], key: keyof AggregateRow) => Object.fromEntries(rows.map((r) => [String(r[key]), r]));

describe.each(dialects)('12345 history on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDatabase(database.db);
    await generateHistory(database.db, { count: COUNT, endDay: END, now: NOW, days: 365 }, 5_000);
  }, 180_000);
  afterAll(() => database?.drop());

  it('writes exactly the planned tickets, the same ones every time', async () => {
    const db = database.db;
    const [placesList, categories] = [await loadPlaces(db), await loadCategories(db)];
    const a = [...planHistory(placesList, categories, { count: COUNT, endDay: END, now: NOW, days: 365 }).tickets()];
    const b = [...planHistory(placesList, categories, { count: COUNT, endDay: END, now: NOW, days: 365 }).tickets()];
    expect(a).toEqual(b);
    const stored = await db.selectFrom('hotline_tickets').select(['code', 'category_code', 'address']).orderBy('received_at').orderBy('code').execute();
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
    expect(byKey(await aggregate(db, filters[1], ['h3_r8']), 'h3_r8')).toEqual(byKey(await aggregateRaw(db, filters[1], ['h3_r8']), 'h3_r8'));
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

  it('replaces the synthetic history and keeps the rollups in step', async () => {
    const db = database.db;
    expect(await deleteSyntheticTickets(db)).toBe(COUNT);
    expect(await aggregate(db, { from: '2025-01-01', to: END }, [])).toEqual([]);
  });
});
