/**
 * Districts as tenants (issue 22), the secondary modules: 服务结算, 数据归集 and 知识库 belong to a district.
 *  - `settlement_contracts.district_code`: the district whose people see and settle a contract (its workloads,
 *    ledger, reports and statements hang off the contract). Existing contracts are the only district's.
 *  - `facility_import_batches.district_code`: the importing person's (or pushing client's) district; NULL for the
 *    city level. Existing batches are the only district's. The facilities a batch writes belong to a district
 *    through their sub-district, as before.
 *  - `knowledge_entries.district_code`: NULL is a city-wide entry, read in every district. Existing entries stay
 *    city-wide: the knowledge base was the whole install's. `knowledge_postings` carries the entry's district in the
 *    primary key's INCLUDE list, beside its sensitivity (0068), so the search still reads the postings' index alone.
 *  - `outside_clients.district_code`: the district a client (a knowledge terminal, a source system) serves; NULL is
 *    the city level, which in a one-district install is its only district.
 * In a one-district install a row without a district belongs to that district (server/tenancy/district-sql.ts).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const SOLE = sql`(SELECT min(code) FROM districts HAVING count(*) = 1)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE settlement_contracts ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
  await sql`UPDATE settlement_contracts SET district_code = ${SOLE}`.execute(db);
  await sql`CREATE INDEX settlement_contracts_district_idx ON settlement_contracts (district_code)`.execute(db);

  await sql`ALTER TABLE facility_import_batches ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
  await sql`UPDATE facility_import_batches SET district_code = ${SOLE}`.execute(db);
  await sql`CREATE INDEX facility_import_batches_district_idx ON facility_import_batches (district_code, id)`.execute(db);

  await sql`ALTER TABLE knowledge_entries ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
  await sql`CREATE INDEX knowledge_entries_district_idx ON knowledge_entries (district_code)`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD COLUMN district_code text`.execute(db);
  await sql`ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD PRIMARY KEY (term, entry_id, field) INCLUDE (tf, len, sensitive, district_code)`.execute(db);

  await sql`ALTER TABLE outside_clients ADD COLUMN district_code text REFERENCES districts(code)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outside_clients DROP COLUMN district_code`.execute(db);
  await sql`ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_pkey`.execute(db);
  await sql`ALTER TABLE knowledge_postings ADD PRIMARY KEY (term, entry_id, field) INCLUDE (tf, len, sensitive)`.execute(db);
  await sql`ALTER TABLE knowledge_postings DROP COLUMN district_code`.execute(db);
  await sql`ALTER TABLE knowledge_entries DROP COLUMN district_code`.execute(db);
  await sql`ALTER TABLE facility_import_batches DROP COLUMN district_code`.execute(db);
  await sql`ALTER TABLE settlement_contracts DROP COLUMN district_code`.execute(db);
}
