/**
 * 清费云 part 1, the rest (issue 12):
 *  - sign-in by phone number: users get a phone; one-time codes (only their sha256 kept, five minutes, five tries)
 *    and the outbox of the simulated SMS gateway, which the demo shows because no real gateway can exist here;
 *  - collection companies (清运单位) with their compactors, and the company that collects under each contract;
 *  - clearance work orders (清运作业单): one per contract and month, issued to the company, accepted online, and
 *    reported when the company uploads the month's actual volume.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN phone text UNIQUE`.execute(db);

  await sql`CREATE TABLE phone_codes (
    id serial PRIMARY KEY,
    phone text NOT NULL,
    code_sha256 text NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    used_at timestamptz,
    created_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX phone_codes_phone_idx ON phone_codes (phone, id DESC)`.execute(db);

  await sql`CREATE TABLE sms_messages (
    id serial PRIMARY KEY,
    phone text NOT NULL,
    body text NOT NULL,
    gateway text NOT NULL,
    sent_at timestamptz NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE fee_companies (
    id serial PRIMARY KEY,
    name text NOT NULL,
    credit_code text NOT NULL UNIQUE,
    contact_name text NOT NULL,
    contact_phone text NOT NULL,
    depot_facility_id integer REFERENCES facilities(id),
    user_id integer UNIQUE REFERENCES users(id),
    status text NOT NULL CHECK (status IN ('pending','verified','suspended')),
    synthetic boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE TABLE fee_company_vehicles (
    unit_id integer PRIMARY KEY REFERENCES units(id),
    company_id integer NOT NULL REFERENCES fee_companies(id)
  )`.execute(db);

  await sql`ALTER TABLE fee_payers ADD COLUMN address_id integer REFERENCES addresses(id)`.execute(db);
  await sql`ALTER TABLE fee_contracts ADD COLUMN company_id integer REFERENCES fee_companies(id)`.execute(db);
  await sql`CREATE INDEX fee_contracts_company_idx ON fee_contracts (company_id, id DESC)`.execute(db);
  await sql`CREATE INDEX fee_collection_points_payer_idx ON fee_collection_points (payer_id)`.execute(db);

  await sql`CREATE TABLE fee_clearance_orders (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    contract_id integer NOT NULL REFERENCES fee_contracts(id),
    company_id integer NOT NULL REFERENCES fee_companies(id),
    month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    status text NOT NULL CHECK (status IN ('issued','accepted','reported')),
    issued_by integer REFERENCES users(id),
    issued_at timestamptz NOT NULL,
    accepted_by integer REFERENCES users(id),
    accepted_at timestamptz,
    reported_at timestamptz,
    synthetic boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (contract_id, month)
  )`.execute(db);
  await sql`CREATE INDEX fee_clearance_orders_company_idx ON fee_clearance_orders (company_id, month DESC, id DESC)`.execute(db);
  await sql`ALTER TABLE fee_clearance_volumes ADD COLUMN order_id integer REFERENCES fee_clearance_orders(id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE fee_clearance_volumes DROP COLUMN order_id`.execute(db);
  await sql`DROP TABLE fee_clearance_orders`.execute(db);
  await sql`DROP INDEX fee_collection_points_payer_idx`.execute(db);
  await sql`ALTER TABLE fee_contracts DROP COLUMN company_id`.execute(db);
  await sql`ALTER TABLE fee_payers DROP COLUMN address_id`.execute(db);
  await sql`DROP TABLE fee_company_vehicles`.execute(db);
  await sql`DROP TABLE fee_companies`.execute(db);
  await sql`DROP TABLE sms_messages`.execute(db);
  await sql`DROP TABLE phone_codes`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN phone`.execute(db);
}
