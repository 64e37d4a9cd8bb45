/**
 * Day partitions of unit_positions (migration 0014): list, create, order (rewrite a closed day by unit and time),
 * thin (build a thinned copy and swap it in, and pack it again), drop (with its packed fixes, migration 0071). Whole partitions only: a row-by-row DELETE would leave dead rows to vacuum (the embedded database has no
 * autovacuum) and take as long as the rows it removes. Names carry the Shanghai day: unit_positions_dYYYYMMDD
 * (full resolution), unit_positions_tYYYYMMDD (thinned).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { forgetPackedDay, packDay } from './history.repository';

export interface DayPartition {
  name: string;
  /** yyyy-mm-dd, Asia/Shanghai. */
  day: string;
  thinned: boolean;
  /** Its rows were rewritten in (unit_id, recorded_at) order (CLUSTER marks the index it used). */
  ordered: boolean;
  /** Each unit's fixes of the day are stored packed in position_days (position_packed_days marks the day). */
  packed: boolean;
}

const NAME = /^unit_positions_([dt])(\d{4})(\d{2})(\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function partitionName(day: string, thinned: boolean): string {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  return `unit_positions_${thinned ? 't' : 'd'}${day.replaceAll('-', '')}`;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The bounds of a Shanghai day, as literals (validated above, so safe to inline in DDL, which takes no parameters). */
function bounds(day: string) {
  return sql.raw(`FROM ('${day} 00:00+08') TO ('${nextDay(day)} 00:00+08')`);
}

export async function listDayPartitions(db: Kysely<Database>): Promise<DayPartition[]> {
  const { rows } = await sql<{ name: string; ordered: boolean }>`
    SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND x.indisclustered) AS ordered
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'unit_positions'::regclass ORDER BY c.relname`.execute(db);
  const packed = new Set(
    (await sql<{ day: string }>`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM position_packed_days`.execute(db)).rows.map((r) => r.day),
  );
  const parts: DayPartition[] = [];
  for (const { name, ordered } of rows) {
    const m = NAME.exec(name);
    if (!m) continue;
    const day = `${m[2]}-${m[3]}-${m[4]}`;
    parts.push({ name, day, thinned: m[1] === 't', ordered, packed: packed.has(day) });
  }
  return parts.sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * Creates a day's full-resolution partition unless the day already has one (full or thinned). Two processes may
 * race: the loser's "already exists" is the winner's success.
 */
export async function createDayPartition(db: Kysely<Database>, day: string): Promise<boolean> {
  try {
    await sql`CREATE TABLE IF NOT EXISTS ${sql.id(partitionName(day, false))} PARTITION OF unit_positions FOR VALUES ${bounds(day)}`.execute(
      db,
    );
    return true;
  } catch (error) {
    // 42P17: the range is taken (the day was thinned already); 42P07/23505: a concurrent creator won.
    const code = (error as { code?: string }).code;
    if (code === '42P17' || code === '42P07' || code === '23505') return false;
    throw error;
  }
}

/**
 * Rewrites a closed day's partition in (unit_id, recorded_at) order: CLUSTER on its share of
 * unit_positions_unit_time_idx, then ANALYZE (the embedded database has no autovacuum, and the planner needs the new
 * correlation). Why: fixes arrive interleaved by unit, so one unit's day (8,640 fixes at 10 s) lies one row a page
 * over thousands of pages, and reading its track costs a page per fix; ordered, it is a few dozen contiguous pages
 * (measured in bench/results/latest-positions-*.md). A closed day no longer changes but for rare late fixes, which
 * are appended unordered and cost a page each. CLUSTER holds the partition exclusively while it rewrites it (reads
 * and writes of other days go on; embedded, the one database thread is busy throughout), so the retention round
 * orders one day at a time.
 */
export async function orderDayPartition(db: Kysely<Database>, partition: DayPartition): Promise<void> {
  const { rows } = await sql<{ index: string }>`
    SELECT c.relname AS index FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_index x ON x.indexrelid = c.oid
    WHERE i.inhparent = 'unit_positions_unit_time_idx'::regclass AND x.indrelid = ${partition.name}::regclass`.execute(db);
  if (!rows[0]) throw new Error(`${partition.name} has no share of unit_positions_unit_time_idx`);
  await sql`CLUSTER ${sql.id(partition.name)} USING ${sql.id(rows[0].index)}`.execute(db);
  await sql`ANALYZE ${sql.id(partition.name)}`.execute(db);
}

/**
 * Replaces a day's full partition by a thinned one, in one transaction: the first fix of each unit in each minute,
 * plus the first and last fix of every stop (speed below `stopMps`), so a replay still shows where and how long a
 * unit stood. The day's packed fixes are packed again from the thinned rows in the same transaction, so a track
 * reads the same thinned fixes either way. Returns rows before and after.
 */
export async function thinDayPartition(db: Kysely<Database>, day: string, stopMps: number): Promise<{ before: number; after: number }> {
  const full = sql.id(partitionName(day, false));
  const thin = sql.id(partitionName(day, true));
  return db.transaction().execute(async (trx) => {
    await sql`CREATE TABLE ${thin} (LIKE unit_positions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(trx);
    const inserted = await sql`
      INSERT INTO ${thin} (unit_id, recorded_at, source, speed_mps, heading_deg, geom)
      SELECT unit_id, recorded_at, source, speed_mps, heading_deg, geom FROM (
        SELECT p.*,
          row_number() OVER (PARTITION BY unit_id, date_trunc('minute', recorded_at) ORDER BY recorded_at) AS nth,
          coalesce(speed_mps, 0) < ${stopMps} AS stopped,
          lag(coalesce(speed_mps, 0) < ${stopMps}) OVER w AS stopped_before,
          lead(coalesce(speed_mps, 0) < ${stopMps}) OVER w AS stopped_after
        FROM ${full} p
        WINDOW w AS (PARTITION BY unit_id ORDER BY recorded_at)
      ) x
      WHERE nth = 1 OR (stopped AND (stopped_before IS NOT TRUE OR stopped_after IS NOT TRUE))
      -- Written in track order, as orderDayPartition leaves a full day (the window above sorted it so already).
      ORDER BY unit_id, recorded_at`.execute(trx);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${full}`.execute(trx);
    await sql`ALTER TABLE unit_positions DETACH PARTITION ${full}`.execute(trx);
    await sql`DROP TABLE ${full}`.execute(trx);
    // Attaching builds the parent's indexes and foreign key on the new table; its rows were checked on the way in.
    await sql`ALTER TABLE unit_positions ATTACH PARTITION ${thin} FOR VALUES ${bounds(day)}`.execute(trx);
    await packDay(trx, day, partitionName(day, true));
    return { before: rows[0].n, after: Number(inserted.numAffectedRows ?? 0) };
  });
}

/** Detaches and drops a whole day, with its packed fixes. */
export async function dropDayPartition(db: Kysely<Database>, partition: DayPartition): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await forgetPackedDay(trx, partition.day);
    await sql`ALTER TABLE unit_positions DETACH PARTITION ${sql.id(partition.name)}`.execute(trx);
    await sql`DROP TABLE ${sql.id(partition.name)}`.execute(trx);
  });
}
