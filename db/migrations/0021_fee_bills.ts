/**
 * 清费云 part 2, the money core (issue 16): monthly bills from contracts (and a supplement for a recorded overage),
 * each locking its payer and amount; payments through the bank gateway, settled by the bank's signed notification
 * (one per bank transaction: a repeat pays nothing twice); and the money ledger, append-only, where every change of
 * money is an entry (billed, received), so the books can always be summed back. The bank gateway's settings (its
 * merchant number and the shared secret its notifications are signed with, HMAC as 区城运's and 12345's) are one
 * row. Amounts are integer 分.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE fee_bank_gateway (
    id integer PRIMARY KEY CHECK (id = 1),
    merchant_id text NOT NULL,
    notify_secret text NOT NULL,
    simulated boolean NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE fee_bills (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    contract_id integer NOT NULL REFERENCES fee_contracts(id),
    payer_id integer NOT NULL REFERENCES fee_payers(id),
    month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    kind text NOT NULL CHECK (kind IN ('contract', 'overage')),
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    due_date date NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'paid')),
    paid_at timestamptz,
    synthetic boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    UNIQUE (contract_id, month, kind)
  )`.execute(db);
  await sql`CREATE INDEX fee_bills_payer_idx ON fee_bills (payer_id, month DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX fee_bills_open_idx ON fee_bills (status, due_date)`.execute(db);

  await sql`CREATE TABLE fee_payments (
    id serial PRIMARY KEY,
    bill_id integer NOT NULL REFERENCES fee_bills(id),
    merchant_ref text NOT NULL UNIQUE,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    bank_txn text UNIQUE,
    voucher jsonb,
    failure text,
    created_by integer REFERENCES users(id),
    created_at timestamptz NOT NULL,
    completed_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX fee_payments_bill_idx ON fee_payments (bill_id)`.execute(db);

  await sql`CREATE TABLE fee_money_ledger (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    bill_id integer NOT NULL REFERENCES fee_bills(id),
    payment_id integer REFERENCES fee_payments(id),
    entry text NOT NULL CHECK (entry IN ('billed', 'received')),
    amount_fen bigint NOT NULL,
    actor_name text NOT NULL,
    note text
  )`.execute(db);
  await sql`CREATE INDEX fee_money_ledger_bill_idx ON fee_money_ledger (bill_id, id)`.execute(db);
  // Append-only, like the orders' and contracts' ledgers (the function of 0002 names the table it guards).
  await sql`CREATE TRIGGER fee_money_ledger_no_change BEFORE UPDATE OR DELETE ON fee_money_ledger
    FOR EACH ROW EXECUTE FUNCTION order_ledger_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['fee_money_ledger', 'fee_payments', 'fee_bills', 'fee_bank_gateway'])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
}
