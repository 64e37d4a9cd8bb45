/**
 * 清费云 by district (issue 22): a fee record belongs to its payer's district, through the payer's sub-district
 * (no second copy of the district on every fee row to keep in step). Payers registered without a sub-district are
 * placed from their gazetteer address, else from their point or collection point; what no place can be found for
 * stays without one, which a one-district install's only district holds (server/tenancy/district-sql.ts).
 * A collection company belongs to its depot's district (derived, nothing stored). A bank statement has no place of
 * its own: it belongs to the district whose fee office imported it, recorded here — earlier imports their
 * importer's district, else the only district.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE fee_payers p SET sub_district_code = a.sub_district_code
    FROM addresses a WHERE p.sub_district_code IS NULL AND a.id = p.address_id AND a.sub_district_code IS NOT NULL`.execute(db);
  await sql`UPDATE fee_payers p SET sub_district_code = (
      SELECT s.code FROM sub_districts s
      WHERE ST_Intersects(s.geom, coalesce(p.geom,
        (SELECT pt.geom FROM fee_collection_points pt WHERE pt.payer_id = p.id ORDER BY pt.id LIMIT 1)))
      ORDER BY s.code LIMIT 1)
    WHERE p.sub_district_code IS NULL`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS fee_payers_sub_district_idx ON fee_payers (sub_district_code)`.execute(db);

  await sql`ALTER TABLE fee_statement_imports ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
  await sql`UPDATE fee_statement_imports i SET district_code = coalesce(
      (SELECT u.district_code FROM users u WHERE u.id = i.imported_by),
      (SELECT min(d.code) FROM districts d HAVING count(*) = 1))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE fee_statement_imports DROP COLUMN district_code`.execute(db);
  await sql`DROP INDEX IF EXISTS fee_payers_sub_district_idx`.execute(db);
}
