/**
 * All SQL of live units: load the unit table for the live store, save last positions in one statement, append
 * device positions to the history, store a device key hash. Batches travel as arrays through unnest(), so one
 * statement with a fixed number of bound parameters writes any number of rows (no 65,535-parameter ceiling).
 * Points are built with ST_Point(x, y, srid) (PostGIS ≥ 3.2): one PostGIS call per row instead of two, which
 * matters in the embedded database, where each call into PostGIS is costly.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, UnitKind } from '@/db/schema';
import { stLngLat } from '@/db/st';
import type { DeviceStatus } from './live-types';

export interface LiveUnitRow {
  id: number;
  code: string;
  kind: UnitKind;
  name: string;
  sub_district_code: string;
  district_code: string | null;
  device_report: Record<string, unknown> | null;
  synthetic: boolean;
  device_key_hash: string | null;
  speed_mps: number | null;
  heading_deg: number | null;
  last_seen_at: Date | null;
  lng: number | null;
  lat: number | null;
}

export async function loadLiveUnitRows(db: Kysely<Database>): Promise<LiveUnitRow[]> {
  return db
    .selectFrom('units')
    .leftJoin('sub_districts', 'sub_districts.code', 'units.sub_district_code')
    .select((eb) => [
      'units.id',
      'units.code',
      'units.kind',
      'units.name',
      'units.sub_district_code',
      'sub_districts.district_code',
      'units.synthetic',
      'units.device_key_hash',
      'units.device_report',
      'units.speed_mps',
      'units.heading_deg',
      'units.last_seen_at',
      ...stLngLat(eb.ref('units.geom')),
    ])
    .orderBy('units.id')
    .execute();
}

export interface LastPositionRow {
  unitId: number;
  lng: number;
  lat: number;
  speedMps: number | null;
  headingDeg: number | null;
  seenAt: Date;
}

/** One UPDATE … FROM unnest(…) for the whole batch. */
export async function saveLastPositions(db: Kysely<Database>, rows: readonly LastPositionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE units AS u SET
      geom = ST_Point(v.lng, v.lat, 4326),
      speed_mps = v.speed,
      heading_deg = v.heading,
      last_seen_at = v.seen_at
    FROM unnest(
      ${rows.map((r) => r.unitId)}::int[],
      ${rows.map((r) => r.lng)}::float8[],
      ${rows.map((r) => r.lat)}::float8[],
      ${rows.map((r) => r.speedMps)}::real[],
      ${rows.map((r) => r.headingDeg)}::real[],
      ${rows.map((r) => r.seenAt.toISOString())}::timestamptz[]
    ) AS v(id, lng, lat, speed, heading, seen_at)
    WHERE u.id = v.id`.execute(db);
}

export async function setDeviceKeyHash(db: Kysely<Database>, unitId: number, hash: string | null): Promise<boolean> {
  const result = await db.updateTable('units').set({ device_key_hash: hash }).where('id', '=', unitId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Reclaims the dead row versions frequent saves leave behind (the embedded database has no autovacuum). */
export async function vacuumUnits(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM units`.execute(db);
}

/** Keeps what a unit's device last said besides a position (battery, token, cell, an invalid fix, an alarm). */
export async function saveDeviceReport(db: Kysely<Database>, unitId: number, report: DeviceStatus): Promise<void> {
  await db
    .updateTable('units')
    .set({ device_report: JSON.stringify(report) })
    .where('id', '=', unitId)
    .execute();
}
