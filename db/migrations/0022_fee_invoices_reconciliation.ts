/**
 * 清费云 part 2, the rest of the money chain (issue 16):
 * - the bank and the 数电票 platform join the linked partners, so requests to them (refunds, invoice issues and
 *   red-letter reversals) leave through the one partner outbox — signed, idempotent, retried, dead-lettered;
 * - refunds (退费): proposed with a reason by a clerk, decided by another person (four eyes), sent to the bank,
 *   settled by the bank's signed result; a refunded bill leaves the books through 'refunded' and 'written_down'
 *   entries, so billed = received + outstanding still holds;
 * - invoices (发票): one blue invoice per paid bill and one red-letter (红冲) per refunded invoice, requested
 *   asynchronously; the platform's result brings the 20-digit number, the PDF and the XML;
 * - reconciliation (对账核销): imported bank statements, their lines (a line is stored once, by its fingerprint,
 *   however often the statement is imported), and write-offs tying a line to bills — a bill has at most one live
 *   write-off (a partial unique index: two concurrent imports can never write it off twice), and a reversal keeps
 *   the row with who reversed it and why.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE partners DROP CONSTRAINT partners_code_check`.execute(db);
  await sql`ALTER TABLE partners ADD CONSTRAINT partners_code_check
    CHECK (code IN ('city_ops', 'hotline_12345', 'fee_bank', 'einvoice'))`.execute(db);
  // Both exist from the start, unlinked (inactive, no endpoint): what is queued for them waits until an
  // administrator (or the demonstration's simulated counterparts) links them, and nothing is lost meanwhile.
  await sql`INSERT INTO partners (code, name, inbound_secret, active) VALUES
    ('fee_bank', '清费云收款银行', md5(random()::text || clock_timestamp()::text), false),
    ('einvoice', '数电票开票平台', md5(random()::text || clock_timestamp()::text), false)`.execute(db);
  await sql`ALTER TABLE partner_outbox DROP CONSTRAINT partner_outbox_kind_check`.execute(db);
  await sql`ALTER TABLE partner_outbox ADD CONSTRAINT partner_outbox_kind_check
    CHECK (kind IN ('positions', 'fee_refund', 'fee_invoice', 'fee_red_invoice'))`.execute(db);

  await sql`ALTER TABLE fee_bills DROP CONSTRAINT fee_bills_status_check`.execute(db);
  await sql`ALTER TABLE fee_bills ADD CONSTRAINT fee_bills_status_check CHECK (status IN ('open', 'paid', 'refunded'))`.execute(db);
  await sql`ALTER TABLE fee_money_ledger DROP CONSTRAINT fee_money_ledger_entry_check`.execute(db);
  await sql`ALTER TABLE fee_money_ledger ADD CONSTRAINT fee_money_ledger_entry_check
    CHECK (entry IN ('billed', 'received', 'refunded', 'written_down', 'reversed'))`.execute(db);
  await sql`ALTER TABLE fee_money_ledger ADD COLUMN write_off_id integer`.execute(db);

  await sql`CREATE TABLE fee_refunds (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    bill_id integer NOT NULL REFERENCES fee_bills(id),
    payment_id integer NOT NULL REFERENCES fee_payments(id),
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    reason text NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
    status text NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'refunded')),
    proposed_by integer REFERENCES users(id),
    proposed_at timestamptz NOT NULL,
    decided_by integer REFERENCES users(id),
    decided_at timestamptz,
    decision_note text,
    bank_refund_txn text UNIQUE,
    completed_at timestamptz,
    version integer NOT NULL DEFAULT 1
  )`.execute(db);
  // One refund in play per payment.
  await sql`CREATE UNIQUE INDEX fee_refunds_live_payment ON fee_refunds (payment_id) WHERE status <> 'rejected'`.execute(db);

  await sql`CREATE TABLE fee_invoices (
    id serial PRIMARY KEY,
    request_no text NOT NULL UNIQUE,
    bill_id integer NOT NULL REFERENCES fee_bills(id),
    kind text NOT NULL CHECK (kind IN ('blue', 'red')),
    original_id integer REFERENCES fee_invoices(id),
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    buyer_name text NOT NULL,
    buyer_tax_id text NOT NULL,
    item_name text NOT NULL,
    status text NOT NULL CHECK (status IN ('requested', 'issued', 'failed')),
    number text UNIQUE CHECK (number ~ '^[0-9]{20}$'),
    pdf bytea,
    xml text,
    failure text,
    simulated boolean NOT NULL DEFAULT false,
    synthetic boolean NOT NULL DEFAULT false,
    requested_at timestamptz NOT NULL,
    issued_at timestamptz,
    CHECK ((kind = 'red') = (original_id IS NOT NULL)),
    CHECK (status <> 'issued' OR (number IS NOT NULL AND issued_at IS NOT NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX fee_invoices_one_blue ON fee_invoices (bill_id) WHERE kind = 'blue' AND status <> 'failed'`.execute(db);
  await sql`CREATE UNIQUE INDEX fee_invoices_one_red ON fee_invoices (original_id) WHERE kind = 'red' AND status <> 'failed'`.execute(db);
  await sql`CREATE INDEX fee_invoices_bill_idx ON fee_invoices (bill_id, id)`.execute(db);

  await sql`CREATE TABLE fee_statement_imports (
    id serial PRIMARY KEY,
    file_name text NOT NULL,
    line_count integer NOT NULL,
    new_lines integer NOT NULL,
    written_off integer NOT NULL,
    imported_by integer REFERENCES users(id),
    imported_at timestamptz NOT NULL,
    synthetic boolean NOT NULL DEFAULT false
  )`.execute(db);

  await sql`CREATE TABLE fee_statement_lines (
    id serial PRIMARY KEY,
    import_id integer NOT NULL REFERENCES fee_statement_imports(id),
    row_no integer NOT NULL,
    txn_date date NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    counterparty_name text NOT NULL,
    counterparty_account text NOT NULL,
    memo text NOT NULL,
    fingerprint text NOT NULL UNIQUE,
    bill_codes text[] NOT NULL,
    status text NOT NULL CHECK (status IN ('written_off', 'unmatched', 'set_aside')),
    problem text CHECK (problem IN ('partial', 'several_bills', 'no_reference', 'unknown_reference', 'unknown_payer',
      'amount', 'already_written_off', 'reversed')),
    note text,
    decided_by integer REFERENCES users(id),
    decided_at timestamptz,
    synthetic boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1
  )`.execute(db);
  await sql`CREATE INDEX fee_statement_lines_status_idx ON fee_statement_lines (status, id DESC)`.execute(db);

  await sql`CREATE TABLE fee_write_offs (
    id serial PRIMARY KEY,
    line_id integer NOT NULL REFERENCES fee_statement_lines(id),
    bill_id integer NOT NULL REFERENCES fee_bills(id),
    payment_id integer REFERENCES fee_payments(id),
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    method text NOT NULL CHECK (method IN ('auto', 'manual')),
    settled_bill boolean NOT NULL,
    created_by integer REFERENCES users(id),
    created_at timestamptz NOT NULL,
    reversed_at timestamptz,
    reversed_by integer REFERENCES users(id),
    reverse_reason text,
    CHECK ((reversed_at IS NULL) = (reverse_reason IS NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX fee_write_offs_live_bill ON fee_write_offs (bill_id) WHERE reversed_at IS NULL`.execute(db);
  await sql`CREATE INDEX fee_write_offs_line_idx ON fee_write_offs (line_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['fee_write_offs', 'fee_statement_lines', 'fee_statement_imports', 'fee_invoices', 'fee_refunds'])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  await sql`ALTER TABLE fee_money_ledger DROP COLUMN write_off_id`.execute(db);
  await sql`DELETE FROM partners WHERE code IN ('fee_bank', 'einvoice')`.execute(db);
}
