/** Runs the migrations in db/migrations, listed statically so bundlers and tsx agree on what exists. */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Database } from './schema';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_orders';
import * as m0003 from './migrations/0003_dispatch_knn_indexes';
import * as m0004 from './migrations/0004_partner_links';
import * as m0005 from './migrations/0005_open311_clients';
import * as m0009 from './migrations/0009_cockpit_lighting';
import * as m0007 from './migrations/0007_alarms';
import * as m0006 from './migrations/0006_field_partners_voice';
import * as m0008 from './migrations/0008_hotline_tickets';
import * as m0010 from './migrations/0010_hotline_places';
import * as m0011 from './migrations/0011_auth_hardening';
import * as m0014 from './migrations/0014_position_history';
import * as m0013 from './migrations/0013_knowledge';
import * as m0012 from './migrations/0012_fees';
import * as m0018 from './migrations/0018_device_reports';
import * as m0019 from './migrations/0019_fees_work';
import * as m0020 from './migrations/0020_fees_ledger_search';
import * as m0021 from './migrations/0021_fee_bills';
import * as m0022 from './migrations/0022_fee_invoices_reconciliation';
import * as m0040 from './migrations/0040_greening';
import * as m0045 from './migrations/0045_facility_imports';
import * as m0050 from './migrations/0050_settlement';
import * as m0060 from './migrations/0060_knowledge_collection';
import * as m0065 from './migrations/0065_knowledge_search_speed';
import * as m0066 from './migrations/0066_knowledge_attachments';
import * as m0067 from './migrations/0067_street_base_map';
import * as m0068 from './migrations/0068_knowledge_postings_carry_lengths';
import * as m0069 from './migrations/0069_job_rounds';
import * as m0070 from './migrations/0070_live_notices';
import * as m0071 from './migrations/0071_position_days';
import * as m0072 from './migrations/0072_district_tenants';
import * as m0073 from './migrations/0073_fee_districts';
import * as m0074 from './migrations/0074_district_secondary';
import * as m0075 from './migrations/0075_bureau_districts';
import * as m0076 from './migrations/0076_base_map_snapshots';

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_orders': m0002,
  '0003_dispatch_knn_indexes': m0003,
  '0004_partner_links': m0004,
  '0005_open311_clients': m0005,
  '0009_cockpit_lighting': m0009,
  '0007_alarms': m0007,
  '0006_field_partners_voice': m0006,
  '0008_hotline_tickets': m0008,
  '0010_hotline_places': m0010,
  '0011_auth_hardening': m0011,
  '0014_position_history': m0014,
  '0013_knowledge': m0013,
  '0012_fees': m0012,
  '0018_device_reports': m0018,
  '0019_fees_work': m0019,
  '0020_fees_ledger_search': m0020,
  '0021_fee_bills': m0021,
  '0022_fee_invoices_reconciliation': m0022,
  '0040_greening': m0040,
  '0045_facility_imports': m0045,
  '0050_settlement': m0050,
  '0060_knowledge_collection': m0060,
  '0065_knowledge_search_speed': m0065,
  '0066_knowledge_attachments': m0066,
  '0067_street_base_map': m0067,
  '0068_knowledge_postings_carry_lengths': m0068,
  '0069_job_rounds': m0069,
  '0070_live_notices': m0070,
  '0071_position_days': m0071,
  '0072_district_tenants': m0072,
  '0073_fee_districts': m0073,
  '0074_district_secondary': m0074,
  '0075_bureau_districts': m0075,
  '0076_base_map_snapshots': m0076,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this code knows that the database has not run (readiness: a process must not serve an older schema). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const known = await new Migrator({ db, provider }).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Empties a server database for `npm run db:reset` (every table, type and function in the public schema). */
export async function dropPublicSchema(db: Kysely<Database>): Promise<void> {
  await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(db);
}
