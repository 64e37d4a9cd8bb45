/**
 * Districts as tenants (issue 22 part 2). Units, facilities, orders and alarms already belong to a sub-district;
 * a sub-district now belongs to a district, so they all belong to one through it (no second copy of the district on
 * every row to keep in step). Users belong to a district too; NULL means an account bound to none, which only the
 * city-level role (市级指挥, city_commander) may be once a second district exists (server/auth/accounts.service.ts).
 * Existing sub-districts are placed in the district that holds them, existing users in the only district there is.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

async function roleList(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
    WHERE c.conname = 'users_role_check' AND c.conrelid = 'users'::regclass`.execute(db);
  return rows[0] ? [...rows[0].def.matchAll(/'([^']+)'/g)].map((m) => m[1]!) : [];
}

async function setRoleList(db: Kysely<unknown>, roles: readonly string[]): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check`.execute(db);
  const list = roles.map((r) => `'${r.replace(/'/g, "''")}'`).join(',');
  await sql.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${list}))`).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sub_districts ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
  await sql`UPDATE sub_districts s SET district_code = (
      SELECT d.code FROM districts d WHERE ST_Intersects(d.geom, s.label_point) ORDER BY d.code LIMIT 1)`.execute(db);
  await sql`UPDATE sub_districts SET district_code = (SELECT min(code) FROM districts)
    WHERE district_code IS NULL AND (SELECT count(*) FROM districts) = 1`.execute(db);
  await sql`CREATE INDEX sub_districts_district_idx ON sub_districts (district_code)`.execute(db);

  await sql`ALTER TABLE users ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
  await sql`UPDATE users SET district_code = (SELECT min(code) FROM districts) WHERE (SELECT count(*) FROM districts) = 1`.execute(db);
  await setRoleList(db, [...new Set([...(await roleList(db)), 'city_commander'])]);

  // The district each live notice concerns: a district's walls read only theirs when they catch up.
  await sql`ALTER TABLE live_notices ADD COLUMN district_code text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE live_notices DROP COLUMN district_code`.execute(db);
  await sql`DELETE FROM users WHERE role = 'city_commander'`.execute(db);
  await setRoleList(
    db,
    (await roleList(db)).filter((r) => r !== 'city_commander'),
  );
  await sql`ALTER TABLE users DROP COLUMN district_code`.execute(db);
  await sql`ALTER TABLE sub_districts DROP COLUMN district_code`.execute(db);
}
