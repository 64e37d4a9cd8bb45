/**
 * A small, hand-made piece of Changning for the dispatch hub's integration tests: two square sub-districts side
 * by side (the border at 121.42° E), people in each role, and units placed at known distances. Positions are
 * given in metres east/north of a point, so the tests read as distances.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, Role, UnitKind } from '@/db/schema';
import { stFromGeoJSON, stPoint, type LngLat } from '@/db/st';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import type { SessionUser } from '@/server/auth/auth.service';
import { OutsideClientsService } from '@/server/clients/outside-clients.service';
import { AuthService } from '@/server/auth/auth.service';
import { createDispatchHub, type DispatchHub } from '@/server/compose/dispatch';
import type { PartnerTransport } from '@/server/partners/partner-delivery.service';
import { parseEnv } from '@/server/env';
import { SharedReads } from '@/server/shared-reads';
import type { ManualClock } from '@/server/clock';
import type { OrderNotice } from '@/domain/orders/order-notice';
import type { DialectName } from '@/db/connect';
import { freshDatabase, type TestDatabase } from './databases';

export const WEST = { code: '310105001', name: '华阳路街道', bbox: [121.4, 31.2, 121.42, 31.22] as const };
export const EAST = { code: '310105002', name: '江苏路街道', bbox: [121.42, 31.2, 121.44, 31.22] as const };

const METRES_PER_DEGREE_LAT = 110_950;

/** The point `east` metres east and `north` metres north of `from` (a local flat approximation, < 0.1 % here). */
export function offset(from: LngLat, east: number, north: number): LngLat {
  const metresPerDegreeLng = METRES_PER_DEGREE_LAT * Math.cos((from[1] * Math.PI) / 180);
  return [from[0] + east / metresPerDegreeLng, from[1] + north / METRES_PER_DEGREE_LAT];
}

export async function insertSubDistricts(db: Kysely<Database>): Promise<void> {
  for (const s of [WEST, EAST]) {
    const [w, so, e, n] = s.bbox;
    await db
      .insertInto('sub_districts')
      .values({
        code: s.code,
        name: s.name,
        name_en: s.name,
        geom: stFromGeoJSON({
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [w, so],
                [e, so],
                [e, n],
                [w, n],
                [w, so],
              ],
            ],
          ],
        }),
        label_point: stPoint([(w + e) / 2, (so + n) / 2]),
      })
      .execute();
  }
}

export interface FixtureUnit {
  code: string;
  kind: UnitKind;
  subDistrictCode: string;
  at: LngLat | null;
  onShift?: boolean;
}

export async function insertUnits(db: Kysely<Database>, units: FixtureUnit[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const u of units) {
    const { id } = await db
      .insertInto('units')
      .values({
        code: u.code,
        kind: u.kind,
        name: `${u.kind} ${u.code}`,
        sub_district_code: u.subDistrictCode,
        synthetic: true,
        on_shift: u.onShift ?? true,
        geom: u.at ? stPoint(u.at) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[u.code] = id;
  }
  return ids;
}

export async function insertUser(
  db: Kysely<Database>,
  username: string,
  displayName: string,
  role: Role,
  unitId: number | null = null,
): Promise<SessionUser> {
  const { id } = await db
    .insertInto('users')
    .values({ username, display_name: displayName, role, password_hash: 'not-a-real-hash', unit_id: unitId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, username, displayName, role, unitId, districtCode: null };
}

const createCaller = createCallerFactory(appRouter);

export interface HubHarness {
  hub: DispatchHub;
  services: AppServices;
  notices: OrderNotice[];
  caller(user: SessionUser): ReturnType<typeof createCaller>;
}

/**
 * The dispatch hub over the test database with a manual clock, and tRPC callers acting as a given user. The
 * context's services hold what the orders and dispatch routers use (auth only audits refusals).
 */
export function hubHarness(database: TestDatabase, clock: ManualClock, transport?: PartnerTransport): HubHarness {
  const notices: OrderNotice[] = [];
  const hub = createDispatchHub({ db: database.db, clock, publish: (n) => notices.push(n), transport });
  const auth = new AuthService(database.db, { sessionTtlHours: 1, maxAttempts: 5, windowSeconds: 60 });
  const services = {
    config: parseEnv({}),
    db: database.db,
    dialect: database.dialect,
    auth,
    dispatchHub: hub,
    outsideClients: new OutsideClientsService({ db: database.db, clock }),
    // Interval 0: a test reads its own writes at once.
    sharedReads: new SharedReads({ ttlMs: 0 }),
  } as Partial<AppServices> as AppServices;
  return {
    hub,
    services,
    notices,
    caller: (user) => createCaller({ services, user, sessionToken: undefined, ip: '127.0.0.1', setCookie: () => {} }),
  };
}

/** A sha256-looking content hash for attachment fixtures. */
export const photoHash = (n: number) => n.toString(16).padStart(64, 'a');

/** Ledger rows as `action:from→to` for compact timeline assertions. */
export async function ledger(db: Kysely<Database>, orderId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('order_events')
    .select(['action', 'from_status', 'to_status'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.action}:${r.from_status ?? '∅'}→${r.to_status}`);
}

export async function countRows(db: Kysely<Database>, table: 'order_events' | 'order_assignments' | 'orders'): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
  return row.rows[0].n;
}

export interface OneHandlerHub {
  database: TestDatabase;
  harness: HubHarness;
  dispatcher: SessionUser;
  /** The field user of the one handler unit, 100 m east of `at`. */
  field: SessionUser;
}

/** The smallest district that can take an order: one sub-district, one handler near `at`, a dispatcher. */
export async function oneHandlerHub(dialect: DialectName, clock: ManualClock, at: LngLat): Promise<OneHandlerHub> {
  const database = await freshDatabase(dialect);
  await insertSubDistricts(database.db);
  const units = await insertUnits(database.db, [{ code: 'H1', kind: 'handler', subDistrictCode: WEST.code, at: offset(at, 100, 0) }]);
  const harness = hubHarness(database, clock);
  const dispatcher = await insertUser(database.db, 'disp', '调度员', 'dispatcher');
  const field = await insertUser(database.db, 'h1', '周师傅', 'field_unit', units.H1);
  return { database, harness, dispatcher, field };
}
