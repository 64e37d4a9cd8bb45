/**
 * The one way tickets enter the database (generator and importer alike): multi-row inserts through `unnest` of
 * column arrays (one bound parameter per column per batch, far faster than row-by-row parameters on both
 * dialects), H3 cells computed here, and the day and month rollups updated by the same transaction. Callers pass
 * a transaction; if anything fails, neither tickets nor rollup counts are left behind.
 */
import { latLngToCell } from 'h3-js';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { shanghaiDay } from '@/domain/shanghai-time';
import { stLngLat } from '@/db/st';

export interface NewTicket {
  code: string;
  receivedAt: Date;
  categoryCode: string;
  subDistrictCode: string;
  address: string;
  description: string;
  lng: number;
  lat: number;
  dueAt: Date;
  respondedAt: Date | null;
  closedAt: Date | null;
  satisfaction: number | null;
  synthetic: boolean;
  importBatch?: string | null;
  /** The reply sent to the citizen, when the export carries one. */
  reply?: string | null;
}

export const HOTSPOT_RESOLUTION = 8;
export const PLACE_RESOLUTION = 9;
const INSERT_BATCH = 4000;
const MINUTE_MS = 60_000;

/** "The same place": addresses compared without spaces and full-width variants, so 长宁路 1号 = 长宁路1号. */
export function placeKeyOf(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const minutesBetween = (from: Date, to: Date | null) => (to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / MINUTE_MS)) : null);

/** Overdue: closed after its deadline, or still open past it when recorded. */
export function isOverdue(ticket: Pick<NewTicket, 'dueAt' | 'closedAt'>, now: Date): boolean {
  return ticket.closedAt ? ticket.closedAt > ticket.dueAt : now > ticket.dueAt;
}

interface Measures {
  tickets: number;
  overdue: number;
  responded: number;
  responseSum: number;
  closed: number;
  closeSum: number;
  rated: number;
  satisfactionSum: number;
  satisfied: number;
}

/** Rollup deltas gathered in memory, written with one upsert per table and batch. */
export class RollupDelta {
  private readonly days = new Map<string, Measures>();
  private readonly months = new Map<string, Measures>();

  add(
    day: string,
    category: string,
    subDistrict: string,
    cell: string,
    t: { overdue: boolean; response: number | null; close: number | null; satisfaction: number | null },
  ) {
    for (const [map, time] of [
      [this.days, day],
      [this.months, `${day.slice(0, 7)}-01`],
    ] as const) {
      const key = `${time}|${category}|${subDistrict}|${cell}`;
      let m = map.get(key);
      if (!m)
        map.set(
          key,
          (m = {
            tickets: 0,
            overdue: 0,
            responded: 0,
            responseSum: 0,
            closed: 0,
            closeSum: 0,
            rated: 0,
            satisfactionSum: 0,
            satisfied: 0,
          }),
        );
      m.tickets++;
      if (t.overdue) m.overdue++;
      if (t.response !== null) {
        m.responded++;
        m.responseSum += t.response;
      }
      if (t.close !== null) {
        m.closed++;
        m.closeSum += t.close;
      }
      if (t.satisfaction !== null) {
        m.rated++;
        m.satisfactionSum += t.satisfaction;
        if (t.satisfaction >= 4) m.satisfied++;
      }
    }
  }

  async flush(trx: Kysely<Database>): Promise<void> {
    await upsertRollup(trx, 'hotline_rollup_day', 'day', this.days);
    await upsertRollup(trx, 'hotline_rollup_month', 'month', this.months);
    this.days.clear();
    this.months.clear();
  }
}

async function upsertRollup(
  trx: Kysely<Database>,
  table: 'hotline_rollup_day' | 'hotline_rollup_month',
  timeColumn: 'day' | 'month',
  rows: Map<string, Measures>,
) {
  const entries = [...rows.entries()];
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    const part = entries.slice(i, i + INSERT_BATCH);
    const keys = part.map(([k]) => k.split('|'));
    const col = (f: (m: Measures) => number) => part.map(([, m]) => f(m));
    await sql`
      INSERT INTO ${sql.table(table)} (${sql.ref(timeColumn)}, category_code, sub_district_code, h3_r8, tickets, overdue, responded,
        response_minutes_sum, closed, close_minutes_sum, rated, satisfaction_sum, satisfied)
      SELECT * FROM unnest(${keys.map((k) => k[0])}::date[], ${keys.map((k) => k[1])}::text[], ${keys.map((k) => k[2])}::text[],
        ${keys.map((k) => k[3])}::text[], ${col((m) => m.tickets)}::int[], ${col((m) => m.overdue)}::int[], ${col((m) => m.responded)}::int[],
        ${col((m) => m.responseSum)}::bigint[], ${col((m) => m.closed)}::int[], ${col((m) => m.closeSum)}::bigint[], ${col((m) => m.rated)}::int[],
        ${col((m) => m.satisfactionSum)}::int[], ${col((m) => m.satisfied)}::int[])
      ON CONFLICT (${sql.ref(timeColumn)}, category_code, sub_district_code, h3_r8) DO UPDATE SET
        tickets = ${sql.table(table)}.tickets + EXCLUDED.tickets,
        overdue = ${sql.table(table)}.overdue + EXCLUDED.overdue,
        responded = ${sql.table(table)}.responded + EXCLUDED.responded,
        response_minutes_sum = ${sql.table(table)}.response_minutes_sum + EXCLUDED.response_minutes_sum,
        closed = ${sql.table(table)}.closed + EXCLUDED.closed,
        close_minutes_sum = ${sql.table(table)}.close_minutes_sum + EXCLUDED.close_minutes_sum,
        rated = ${sql.table(table)}.rated + EXCLUDED.rated,
        satisfaction_sum = ${sql.table(table)}.satisfaction_sum + EXCLUDED.satisfaction_sum,
        satisfied = ${sql.table(table)}.satisfied + EXCLUDED.satisfied`.execute(trx);
  }
}

/**
 * Inserts tickets and adds them to `delta` (flush it in the same transaction; the importer and the generator
 * flush once per chunk). `now` decides whether an open ticket is already overdue.
 */
export async function insertTickets(trx: Kysely<Database>, tickets: readonly NewTicket[], delta: RollupDelta, now: Date): Promise<number> {
  for (let i = 0; i < tickets.length; i += INSERT_BATCH) {
    const batch = tickets.slice(i, i + INSERT_BATCH);
    const n = batch.length;
    const cols = {
      code: new Array<string>(n),
      received: new Array<string>(n),
      day: new Array<string>(n),
      category: new Array<string>(n),
      sub: new Array<string>(n),
      address: new Array<string>(n),
      place: new Array<string>(n),
      description: new Array<string>(n),
      lng: new Array<number>(n),
      lat: new Array<number>(n),
      r8: new Array<string>(n),
      r9: new Array<string>(n),
      due: new Array<string>(n),
      responded: new Array<string | null>(n),
      closed: new Array<string | null>(n),
      response: new Array<number | null>(n),
      close: new Array<number | null>(n),
      overdue: new Array<boolean>(n),
      satisfaction: new Array<number | null>(n),
      synthetic: new Array<boolean>(n),
      batch: new Array<string | null>(n),
      reply: new Array<string | null>(n),
    };
    batch.forEach((t, j) => {
      const day = shanghaiDay(t.receivedAt);
      const r8 = latLngToCell(t.lat, t.lng, HOTSPOT_RESOLUTION);
      const response = minutesBetween(t.receivedAt, t.respondedAt);
      const close = minutesBetween(t.receivedAt, t.closedAt);
      const overdue = isOverdue(t, now);
      cols.code[j] = t.code;
      cols.received[j] = t.receivedAt.toISOString();
      cols.day[j] = day;
      cols.category[j] = t.categoryCode;
      cols.sub[j] = t.subDistrictCode;
      cols.address[j] = t.address;
      cols.place[j] = placeKeyOf(t.address);
      cols.description[j] = t.description;
      cols.lng[j] = t.lng;
      cols.lat[j] = t.lat;
      cols.r8[j] = r8;
      cols.r9[j] = latLngToCell(t.lat, t.lng, PLACE_RESOLUTION);
      cols.due[j] = t.dueAt.toISOString();
      cols.responded[j] = t.respondedAt?.toISOString() ?? null;
      cols.closed[j] = t.closedAt?.toISOString() ?? null;
      cols.response[j] = response;
      cols.close[j] = close;
      cols.overdue[j] = overdue;
      cols.satisfaction[j] = t.satisfaction;
      cols.synthetic[j] = t.synthetic;
      cols.batch[j] = t.importBatch ?? null;
      cols.reply[j] = t.reply ?? null;
      delta.add(day, t.categoryCode, t.subDistrictCode, r8, { overdue, response, close, satisfaction: t.satisfaction });
    });
    await sql`
      INSERT INTO hotline_tickets (code, received_at, day, category_code, sub_district_code, address, place_key, description, geom,
        h3_r8, h3_r9, due_at, responded_at, closed_at, response_minutes, close_minutes, overdue, satisfaction, synthetic, import_batch, reply)
      SELECT code, received, day, category, sub, address, place, description, ST_SetSRID(ST_MakePoint(lng, lat), 4326),
        r8, r9, due, responded, closed, response, close, overdue, satisfaction, synthetic, batch, reply
      FROM unnest(${cols.code}::text[], ${cols.received}::timestamptz[], ${cols.day}::date[], ${cols.category}::text[], ${cols.sub}::text[],
        ${cols.address}::text[], ${cols.place}::text[], ${cols.description}::text[], ${cols.lng}::float8[], ${cols.lat}::float8[],
        ${cols.r8}::text[], ${cols.r9}::text[], ${cols.due}::timestamptz[], ${cols.responded}::timestamptz[], ${cols.closed}::timestamptz[],
        ${cols.response}::int[], ${cols.close}::int[], ${cols.overdue}::boolean[], ${cols.satisfaction}::smallint[], ${cols.synthetic}::boolean[],
        ${cols.batch}::text[], ${cols.reply}::text[])
        AS u(code, received, day, category, sub, address, place, description, lng, lat, r8, r9, due, responded, closed, response, close,
          overdue, satisfaction, synthetic, batch, reply)`.execute(trx);
  }
  return tickets.length;
}

/** Recomputes both rollups from the tickets (after a bulk delete); run it inside a transaction. */
export async function rebuildRollups(trx: Kysely<Database>): Promise<void> {
  await sql`DELETE FROM hotline_rollup_day`.execute(trx);
  await sql`DELETE FROM hotline_rollup_month`.execute(trx);
  for (const [table, time] of [
    ['hotline_rollup_day', sql`day`],
    ['hotline_rollup_month', sql`date_trunc('month', day)::date`],
  ] as const) {
    await sql`INSERT INTO ${sql.table(table)} SELECT ${time}, category_code, sub_district_code, h3_r8, count(*), count(*) FILTER (WHERE overdue),
        count(response_minutes), coalesce(sum(response_minutes), 0), count(close_minutes), coalesce(sum(close_minutes), 0),
        count(satisfaction), coalesce(sum(satisfaction), 0), count(*) FILTER (WHERE satisfaction >= 4)
      FROM hotline_tickets GROUP BY 1, 2, 3, 4`.execute(trx);
  }
}

/** Removes the synthetic history (imported tickets stay) and brings the rollups back in step, atomically. */
export async function deleteSyntheticTickets(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('hotline_tickets').where('synthetic', '=', true).executeTakeFirst();
    await rebuildRollups(trx);
    return Number(result.numDeletedRows);
  });
}

/** Which of these ticket codes are already stored (an import never writes a ticket twice). */
export async function existingTicketCodes(db: Kysely<Database>, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('hotline_tickets')
    .select('code')
    .where('code', 'in', [...codes])
    .execute();
  return new Set(rows.map((r) => r.code));
}

/** The sub-district each point lies in (null outside the district), in the order of `points`. */
export async function subDistrictsAt(
  db: Kysely<Database>,
  points: ReadonlyArray<{ lng: number; lat: number }>,
): Promise<Array<string | null>> {
  const { rows } = await sql<{ i: number; code: string | null }>`
    SELECT u.i, (SELECT s.code FROM sub_districts s WHERE ST_Intersects(s.geom, ST_SetSRID(ST_MakePoint(u.lng, u.lat), 4326)) ORDER BY s.code LIMIT 1) AS code
    FROM unnest(${points.map((p) => p.lng)}::float8[], ${points.map((p) => p.lat)}::float8[]) WITH ORDINALITY AS u(lng, lat, i)`.execute(
    db,
  );
  const areaOf = new Map(rows.map((r) => [Number(r.i) - 1, r.code]));
  return points.map((_, i) => areaOf.get(i) ?? null);
}

/** The 12345 tickets open at `at` (the replay): received by then and not closed by then, newest first. */
export function ticketsOpenAt(db: Kysely<Database>, at: Date, limit: number) {
  return db
    .selectFrom('hotline_tickets')
    .select(['id', 'code', 'received_at', 'category_code', 'sub_district_code', 'address', 'due_at'])
    .select((eb) => stLngLat(eb.ref('geom')))
    .where('received_at', '<=', at)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>', at)]))
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}
